import { ControlTransport } from '../../../src/tmux/control-transport.js';
import { SpawnTransport } from '../../../src/tmux/spawn-transport.js';
import type { Transport } from '../../../src/tmux/transport.js';
import { killAllPrivateTmux, privateTmux, type PrivateTmux } from '../../helpers/private-tmux.js';

/** Strings that break naive quoting: tmux's parser, formats, shells and the control protocol each trip on some. */
const HOSTILE: readonly string[] = [
  'two words',
  'say "hi"',
  "it's",
  `both "double" and 'single'`,
  'a;b',
  'trailing;',
  ';',
  'x\\;',
  '; ;',
  '#',
  '#{session_name}',
  '##{session_name}',
  '$HOME',
  '${HOME}',
  '~',
  '~/x',
  'a~b',
  '{',
  '}',
  '{ echo }',
  'back\\slash',
  'trailing\\',
  '\\',
  '\\\\',
  'line1\nline2',
  'ends with newline\n',
  '\n',
  'tab\there',
  'cr\rhere',
  'ends with cr\r',
  'esc\x1b[31mred\x1b[0m',
  'naïve',
  '日本語のテキスト',
  '🚀 emoji 👩‍💻',
  '',
  '%end 1 2 3',
  '%begin 1 2 3',
  '-x',
  '--',
  '-t nope',
  ' leading and trailing ',
  '%%',
  '%H:%M',
  'bell\x07',
];

let server: PrivateTmux;
let control: ControlTransport;
let spawned: SpawnTransport;

beforeAll(() => {
  server = privateTmux('quote');
  server.tmux('new-session', '-d', '-s', 'q');
  control = new ControlTransport({ socketName: server.socketName, commandTimeoutMs: 5000 });
  spawned = new SpawnTransport({ socketName: server.socketName });
});

afterAll(async () => {
  await control?.close();
  await killAllPrivateTmux();
});

/** Sets each value as a user option, reads it back, and returns what came back (pipelined where the transport can). */
async function roundTripOption(transport: Transport, prefix: string): Promise<string[]> {
  const set = await transport.runMany(HOSTILE.map((value, i) => ['set-option', '-g', `@${prefix}${i}`, value]));
  set.forEach((o, i) => expect({ value: HOSTILE[i], ok: o.ok }).toEqual({ value: HOSTILE[i], ok: true }));
  const shown = await transport.runMany(HOSTILE.map((_, i) => ['show-option', '-gqv', `@${prefix}${i}`]));
  return shown.map((o) => (o.ok ? o.lines.join('\n') : `<failed: ${o.error.code}>`));
}

/**
 * display-message -p expands its argument as a format and then through strftime, so the test escapes `#` as `##`
 * and `%` as `%%` in the format it sends: what comes back must then be the value exactly.
 */
async function roundTripDisplay(transport: Transport): Promise<string[]> {
  const formats = HOSTILE.map((value) => value.replace(/#/g, '##').replace(/%/g, '%%'));
  const shown = await transport.runMany(formats.map((format) => ['display-message', '-p', '-t', 'q', '--', format]));
  return shown.map((o) => (o.ok ? o.lines.join('\n') : `<failed: ${o.error.code}>`));
}

describe('hostile strings round-trip exactly through a real tmux', () => {
  test('control mode: set-option then show-option -gqv', async () => {
    expect(await roundTripOption(control, 'c')).toEqual(HOSTILE);
  });

  test('control mode: display-message -p', async () => {
    expect(await roundTripDisplay(control)).toEqual(HOSTILE);
  });

  test('spawned processes (argv, trailing ";" escaped): set-option then show-option -gqv', async () => {
    expect(await roundTripOption(spawned, 's')).toEqual(HOSTILE);
  });

  test('spawned processes: display-message -p', async () => {
    expect(await roundTripDisplay(spawned)).toEqual(HOSTILE);
  });

  test('a value set over one transport reads back the same over the other', async () => {
    const value = 'mixed "q" \'s\' $HOME ~/x #{pane_id} ; trailing;';
    await control.run(['set-option', '-g', '@cross', value]);
    expect((await spawned.run(['show-option', '-gqv', '@cross'])).join('\n')).toBe(value);
    await spawned.run(['set-option', '-g', '@cross2', value]);
    expect((await control.run(['show-option', '-gqv', '@cross2'])).join('\n')).toBe(value);
  });
});

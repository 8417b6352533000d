import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  HOOK_EVENTS,
  hookOption,
  parseHookValue,
  promptDigest,
  type HookEvent,
} from '../../../src/agents/hooks/hook-event.js';
import { privateTmux, type PrivateTmux } from '../../helpers/private-tmux.js';

const SCRIPT = join(process.cwd(), 'src', 'agents', 'hooks', 'tmux-orc-hook.sh');
const marks = mkdtempSync(join(tmpdir(), 'orc-hooks14-marks-'));

/** Strings from a user or a model, as in the trust suite: formats, separators, quotes, control bytes, 1 MB. */
const HOSTILE: readonly [string, string][] = [
  ['#(command)', `j#(touch ${marks}/ran)`],
  ['#{format}', 'p#{pid}q#{session_name}##{x}'],
  ['; separators', 'a;b ; kill-server ;'],
  ['an escaped final ;', 'ends in \\;'],
  ['quotes and shell', `"it's" \`id\` $(id) $HOME ~root \\`],
  ['newlines and tabs', 'one\ntwo\r\nthree\tfour'],
  ['escapes and paste markers', 'x\x1b[201~\x03\x1b]2;title\x07y\x00z'],
  ['JSON escapes', '\\u0041 \\" \\\\ /\\/ \u2028'],
  ['non-ASCII', 'é 漢字 😀 \u{10FFFF}'],
  ['a leading dash', '-t%0'],
  ['1 MB', 'm'.repeat(1 << 20)],
];

let tmux: PrivateTmux;
let socket = '';
let pane = '';

beforeAll(() => {
  tmux = privateTmux('orc-hooks14-script');
  tmux.tmux('-f', '/dev/null', 'new-session', '-d', '-s', 'hooks', '-x', '80', '-y', '10', 'sleep', '300');
  socket = tmux.tmux('display', '-p', '#{socket_path}').trim();
  pane = tmux.tmux('display', '-p', '-t', 'hooks', '#{pane_id}').trim();
});

afterAll(async () => {
  await tmux.kill();
  rmSync(marks, { recursive: true, force: true });
});

beforeEach(() => {
  // Each test starts from a pane without hook options.
  for (const option of ['@tmux-orc-hook-seq', '@tmux-orc-hook-last', ...HOOK_EVENTS.map(hookOption)]) {
    tmux.tmux('set-option', '-p', '-u', '-t', pane, option);
  }
});

/** Runs the script as a CLI would: `sh <script> <event> [args]`, the payload on stdin, in the pane's environment. */
function hook(event: string, payload: unknown, args: string[] = [], env: Record<string, string> = {}) {
  const input = typeof payload === 'string' ? payload : JSON.stringify(payload);
  const started = process.hrtime.bigint();
  const run = spawnSync('sh', [SCRIPT, event, ...args], {
    input,
    encoding: 'utf8',
    env: { PATH: process.env.PATH!, TMUX: `${socket},1,0`, TMUX_PANE: pane, ...env },
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  // The CLIs read a hook's stdout as its answer and block a turn on exit 2: neither may ever happen.
  expect(run.stdout).toBe('');
  expect(run.status).toBe(0);
  return ms;
}

function option(name: string): string | undefined {
  try {
    return tmux.tmux('show-options', '-p', '-v', '-t', pane, name).replace(/\n$/, '');
  } catch {
    return undefined; // tmux 3.3 calls an unset user option invalid
  }
}

const event = (e: HookEvent) => parseHookValue(option(hookOption(e)));

/** What the script keeps of a detail: one line, at most 200 bytes, never half a character (and no NUL). */
function kept(detail: string): string {
  const chars = [...detail.replace(/\x00/g, '').replace(/[\x01-\x1f\x7f]/g, ' ')].slice(0, 200);
  while (Buffer.byteLength(chars.join('')) > 200) chars.pop();
  return chars.join('');
}

it('counts events in the pane options and names the latest, with its time', () => {
  const before = Date.now();
  hook('session', { session_id: 'abc-123', hook_event_name: 'SessionStart' });
  hook('stop', { hook_event_name: 'Stop', last_assistant_message: 'done' });
  expect(event('session')).toEqual({ seq: 1, at: expect.any(Number), detail: 'abc-123' });
  expect(event('stop')).toEqual({ seq: 2, at: expect.any(Number), detail: '' });
  expect(event('session')!.at).toBeGreaterThanOrEqual(before - 1);
  expect(event('stop')!.at).toBeLessThanOrEqual(Date.now());
  expect(option('@tmux-orc-hook-seq')).toBe('2');
  expect(option('@tmux-orc-hook-last')).toBe('2 stop');
});

it.each(HOSTILE)('a prompt with %s is recorded as its digest', (_, text) => {
  hook('prompt', { session_id: 's', hook_event_name: 'UserPromptSubmit', prompt: text });
  expect(event('prompt')?.detail).toBe(promptDigest(text));
  expect(existsSync(join(marks, 'ran'))).toBe(false);
});

it.each(HOSTILE)('a tool name with %s is kept as text, on one line, at most 200 bytes', (_, text) => {
  hook('tool', { tool_name: text, tool_input: { command: text } });
  expect(event('tool')?.detail).toBe(kept(text));
  expect(existsSync(join(marks, 'ran'))).toBe(false);
  expect(option('@tmux-orc-hook-last')).toBe('1 tool');
});

it('takes the top-level field, not one of the same name nested before it', () => {
  hook('prompt', `{"nested":{"prompt":"not this"},"prompt":"this"}`);
  expect(event('prompt')?.detail).toBe(promptDigest('this'));
  hook('tool', `{"tool_input":{"tool_name":"inner"},"tool_name":"outer"}`);
  expect(event('tool')?.detail).toBe('outer');
});

it("reads an error with its message (Claude Code's StopFailure)", () => {
  const message = 'API Error: Request rejected (429)';
  hook('error', { hook_event_name: 'StopFailure', error: 'rate_limit', last_assistant_message: message });
  expect(event('error')?.detail).toBe('rate_limit: API Error: Request rejected (429)');
});

it("names the tool of a permission, also from Gemini CLI's notification, which does not", () => {
  hook('permission', { tool_name: 'Bash', tool_input: { command: 'touch x' } });
  expect(event('permission')?.detail).toBe('Bash');
  hook('tool', { tool_name: 'run_shell_command#{pid}' });
  const message = 'Tool Confirm Shell Command requires execution';
  hook('permission', { notification_type: 'ToolPermission', message, details: {} });
  expect(event('permission')).toMatchObject({ seq: 3, detail: 'run_shell_command#{pid}' });
  hook('permission', { notification_type: 'SomethingElse', message: 'not a permission' });
  expect(option('@tmux-orc-hook-seq')).toBe('3');
});

it("reads Codex's notify payload from its last argument, and skips the title thread's turns", () => {
  const turn = {
    type: 'agent-turn-complete',
    'thread-id': 't1',
    'input-messages': ['hello'],
    'last-assistant-message': 'hi',
  };
  const naming = 'Generate a concise, single-line task title of at most 36 characters';
  const title = { ...turn, 'thread-id': 't2', 'input-messages': [naming] };
  hook('stop', '', ['--payload-arg', JSON.stringify(title)]);
  hook('stop', '', ['--payload-arg', JSON.stringify({ ...turn, type: 'something-else' })]);
  expect(option('@tmux-orc-hook-seq')).toBeUndefined();
  hook('stop', '', ['--payload-arg', JSON.stringify(turn)]);
  expect(event('stop')?.seq).toBe(1);
});

it('writes nothing for an unknown event, outside tmux, or for a pane id that is not one', () => {
  hook('bogus', { prompt: 'x' });
  hook('prompt', { prompt: 'x' }, [], { TMUX: '', TMUX_PANE: '' });
  hook('prompt', { prompt: 'x' }, [], { TMUX_PANE: '%1;kill-server' });
  hook('prompt', 'not json at all');
  expect(option('@tmux-orc-hook-seq')).toBeUndefined();
});

it('keeps order and loses no count when hooks run at the same time', async () => {
  const runs = Array.from(
    { length: 20 },
    (_, i) =>
      new Promise<void>((resolve) => {
        const child = spawn('sh', [SCRIPT, 'tool'], {
          env: { PATH: process.env.PATH!, TMUX: `${socket},1,0`, TMUX_PANE: pane },
          stdio: ['pipe', 'ignore', 'ignore'],
        });
        child.on('exit', () => resolve());
        child.stdin.end(JSON.stringify({ tool_name: `t${i}` }));
      }),
  );
  await Promise.all(runs);
  expect(option('@tmux-orc-hook-seq')).toBe('20');
  expect(option('@tmux-orc-hook-last')).toBe('20 tool');
  expect(event('tool')?.seq).toBe(20);
});

it('costs a few milliseconds per event, a 1 MB prompt included', () => {
  const small = Array.from({ length: 10 }, () => hook('prompt', { prompt: 'a short prompt' })).sort((a, b) => a - b);
  const large = hook('prompt', { prompt: 'x\n'.repeat(1 << 19) });
  const ms = (n: number) => `${n.toFixed(1)} ms`;
  process.stdout.write(`hook script: p50 ${ms(small[5]!)}, max ${ms(small[9]!)}; 1 MB prompt ${ms(large)}\n`);
  expect(small[5]).toBeLessThan(200);
  expect(large).toBeLessThan(3000);
});

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { spawnAgent } from '../../src/agents/spawn-agent.js';
import { deliverMessage } from '../../src/agents/deliver-message.js';
import { waitForState } from '../../src/agents/wait-for-state.js';
import { requireBuiltCli } from '../helpers/built-cli.js';
import { loggedAnswers, loggedMessages, sleep } from '../helpers/fake-agent-support.js';
import { fakeAgentArgv, testServers } from '../helpers/test-servers.js';
import type { PrivateTmux } from '../helpers/private-tmux.js';

// The interactive dashboard, as a person uses it: it runs in a window of a private tmux server (80x24), keys are
// pressed with send-keys and the screen is read with capture-pane.
const servers = testServers('orc-dash19-tui');

/** The dashboard's screen now, line by line. */
const screen = (tmux: PrivateTmux) => tmux.tmux('capture-pane', '-p', '-t', 'view:').replace(/\n$/, '').split('\n');

/** Polls the screen until check holds; fails with the last screen. */
async function until(
  tmux: PrivateTmux,
  what: string,
  check: (lines: string[]) => boolean,
  ms = 8000,
): Promise<string[]> {
  let lines: string[] = [];
  for (const end = Date.now() + ms; Date.now() < end; await sleep(50)) {
    lines = screen(tmux);
    if (check(lines)) return lines;
  }
  throw new Error(`timed out waiting for ${what}; the screen:\n${lines.join('\n')}`);
}

const keys = (tmux: PrivateTmux, ...k: string[]) => tmux.tmux('send-keys', '-t', 'view:', ...k);
const selectedLine = (lines: string[]) => lines.find((l) => l.startsWith('> ')) ?? '';

test('select, filter, approve a waiting agent, send exactly once, kill after a y, resize, quit', async () => {
  const tmux = servers.server();
  const manager = tmux.manager();
  const log = (name: string) => join(servers.dir(), `${tmux.socketName}-${name}.jsonl`);
  const mark = join(servers.dir(), 'ran');
  const spawn = (session: string, name: string, kind: 'claude' | 'codex', role = 'developer') =>
    spawnAgent(manager, { session, name, role, kind, command: fakeAgentArgv(kind, log(name)) }).then((r) => r.agent);
  const [qa] = await Promise.all([
    spawn('proj', 'qa', 'claude', 'qa'),
    spawn('proj', 'dev', 'claude'),
    spawn('ops', 'rev', 'codex', 'reviewer'),
  ]);
  // An agent whose session name is tmux syntax, whose role holds an 8-bit CSI, and whose screen holds escapes.
  const printer = [
    'sh',
    '-c',
    `printf '\\033[2J\\033]2;pwned\\007#(touch ${mark}) #{pid} \\033[31mred\\033[0m\\n'; exec sleep 600`,
  ];
  await spawnAgent(manager, {
    session: `x#(touch ${mark});#{pid}`,
    name: 'evil',
    role: 'r\u009b2J#{pid}',
    kind: 'custom',
    command: printer,
    wait: false,
  });

  tmux.tmux(
    'new-session',
    '-d',
    '-s',
    'view',
    '-x',
    '80',
    '-y',
    '24',
    '--',
    'sh',
    '-c',
    `"$0" "$1" -L "$2" dashboard; echo "dashboard exited $?"; exec sleep 600`,
    process.execPath,
    requireBuiltCli(),
    tmux.socketName,
  );
  let lines = await until(tmux, 'four agents', (l) => l.filter((x) => /^[> ] \S/.test(x)).length === 5);
  expect(lines).toHaveLength(24);
  for (const line of lines) expect([...line].length).toBeLessThan(80);
  expect(lines[1]).toMatch(/^ {2}SESSION +AGENT +ROLE +KIND +STATE +SRC +FOR +LAST LINE/);
  expect(lines.join('\n')).toContain(`x#(touch ${mark.slice(0, 4)}`);
  expect(lines.find((l) => /\bevil\b/.test(l))).toMatch(/r\ufffd2J#\{pid\}.*#\(touch/);
  expect(lines[23]).toMatch(/j\/k/);

  // A waiting agent comes first.
  await deliverMessage(manager, qa, 'run the PERMISSION task');
  await until(tmux, 'qa waiting, first', (l) => /^> proj +qa +qa +claude +waiting/.test(l[2] ?? ''));

  // Selection: j and k, Down and Up; it stays on its agent when the rows move.
  keys(tmux, 'j');
  lines = await until(tmux, 'the second row selected', (l) => l[3]?.startsWith('> ') === true);
  const second = selectedLine(lines).split(/\s+/).slice(1, 3).join(':');
  keys(tmux, 'Down', 'k');
  await until(tmux, 'the same row again', (l) => selectedLine(l).split(/\s+/).slice(1, 3).join(':') === second);
  keys(tmux, 'Up');
  await until(tmux, 'the first row again', (l) => l[2]?.startsWith('> proj') === true);

  // Filter: only the agents whose text holds every word; Escape clears it.
  keys(tmux, '/', 'o', 'p', 's');
  lines = await until(
    tmux,
    'only ops',
    (l) => l.filter((x) => /^[> ] \S/.test(x)).length === 2 && /\/ops/.test(l[22] ?? ''),
  );
  expect(lines[2]).toMatch(/^> ops +rev/);
  keys(tmux, 'Enter');
  await until(tmux, 'the filter kept', (l) => /filter: ops/.test(l[22] ?? ''));
  keys(tmux, 'Escape');
  await until(tmux, 'all again', (l) => l.filter((x) => /^[> ] \S/.test(x)).length === 5);

  // Approve the waiting agent: one answer.
  keys(tmux, 'g', 'a');
  await until(tmux, 'approved', (l) => /approve → proj:qa/.test(l[22] ?? ''));
  await waitForState(manager, qa, { state: 'idle' }, { timeoutMs: 5000 });
  expect(loggedAnswers(log('qa'))).toEqual(['approved']);

  // Send a line with tmux syntax in it: delivered once, as typed, and nothing ran.
  const text = `hello #(touch ${mark}) ; #{pid} 'q'`;
  await until(tmux, 'qa selected', (l) => /^> proj +qa/.test(selectedLine(l)));
  keys(tmux, 's');
  tmux.tmux('send-keys', '-t', 'view:', '-l', text);
  await until(tmux, 'the line typed', (l) => (l[22] ?? '').startsWith(`send to proj:qa: hello #(touch`));
  keys(tmux, 'Enter');
  await until(tmux, 'sent', (l) => /sent to proj:qa/.test(l[22] ?? ''));
  await sleep(500);
  expect(loggedMessages(log('qa'))).toEqual(['run the PERMISSION task', text]);

  // Kill: x asks, n cancels, x then y kills.
  keys(tmux, '/', 'r', 'e', 'v', 'Enter');
  await until(tmux, 'rev alone', (l) => /^> ops +rev/.test(l[2] ?? '') && !/^ {2}\S/.test(l[3] ?? ''));
  keys(tmux, 'x');
  await until(tmux, 'the question', (l) => /kill ops:rev\? y\/N/.test(l[22] ?? ''));
  keys(tmux, 'n');
  await until(tmux, 'cancelled', (l) => /kill cancelled/.test(l[22] ?? ''));
  expect(tmux.tmux('list-windows', '-t', 'ops', '-F', '#{window_name}')).toContain('rev');
  keys(tmux, 'x', 'y');
  await until(tmux, 'killed', (l) => /killed ops:rev/.test(l[22] ?? '') && /no agent matches/.test(l.join('\n')));
  expect(() => tmux.tmux('list-windows', '-t', 'ops')).toThrow();
  keys(tmux, 'Escape');

  // Resize: the frame follows the terminal, every line in place.
  tmux.tmux('resize-window', '-t', 'view:', '-x', '100', '-y', '30');
  lines = await until(
    tmux,
    'a 100x30 frame',
    (l) => l.length === 30 && /j\/k move · Enter go/.test(l[29] ?? '') && /^ {2}SESSION/.test(l[1] ?? ''),
  );
  for (const line of lines) expect([...line].length).toBeLessThan(100);
  tmux.tmux('resize-window', '-t', 'view:', '-x', '80', '-y', '24');
  await until(tmux, 'an 80x24 frame again', (l) => l.length === 24 && /j\/k/.test(l[23] ?? ''));

  keys(tmux, 'q');
  await until(tmux, 'the dashboard gone, the terminal given back', (l) => l.some((x) => x === 'dashboard exited 0'));
  expect(existsSync(mark)).toBe(false);
}, 60_000);

test('colours only on a terminal: SGR on a TTY, none with NO_COLOR or TERM=dumb, none into a pipe', async () => {
  const tmux = servers.server();
  const log = join(servers.dir(), `${tmux.socketName}-dev.jsonl`);
  const command = fakeAgentArgv('claude', log);
  const dev = (await spawnAgent(tmux.manager(), { session: 'proj', name: 'dev', role: 'dev', kind: 'claude', command }))
    .agent;
  await waitForState(tmux.manager(), dev, { state: 'idle' }, { timeoutMs: 5000 });
  const dashboard = [process.execPath, requireBuiltCli(), '-L', tmux.socketName, 'dashboard'];
  const run = (session: string, env: string[]) =>
    tmux.tmux('new-session', '-d', '-s', session, '-x', '80', '-y', '24', '--', 'env', ...env, ...dashboard);
  const frame = async (session: string) => {
    let text = '';
    for (const end = Date.now() + 8000; Date.now() < end; await sleep(50)) {
      text = tmux.tmux('capture-pane', '-p', '-e', '-t', `${session}:`);
      if (/proj +dev/.test(text)) return text;
    }
    throw new Error(`no frame in ${session}:\n${text}`);
  };
  run('tty', []);
  run('nocolor', ['NO_COLOR=1']);
  run('dumb', ['TERM=dumb']);
  // The attributes capture-pane -e gives (it writes 0, 39 and 49 to reset between cells, which are no colour).
  const attributes = (text: string) =>
    [...text.matchAll(/\x1b\[([0-9;]*)m/g)]
      .flatMap((m) => m[1]!.split(';'))
      .filter((p) => p !== '' && !['0', '39', '49'].includes(p));
  const coloured = await frame('tty');
  // The title in bold, the selection in reverse video.
  expect(coloured).toMatch(/^\x1b\[1mtmux-orc/);
  expect(attributes(coloured)).toEqual(expect.arrayContaining(['1', '2', '7']));
  expect(coloured).toMatch(/\x1b\[[0-9;]*7m(?:\x1b\[[0-9;]*m)*> proj +dev/);
  for (const session of ['nocolor', 'dumb']) {
    const plain = await frame(session);
    expect(attributes(plain)).toEqual([]);
    expect(plain).toMatch(/^> proj +dev/m);
  }
  const piped = execFileSync(dashboard[0]!, dashboard.slice(1), { encoding: 'utf8' });
  expect(piped).toMatch(/^SESSION +AGENT +ROLE/m);
  expect(piped).toMatch(/^proj +dev +dev +claude +idle/m);
  expect(piped).not.toContain('\x1b');
}, 60_000);

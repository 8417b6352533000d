import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TMUXManager } from '../../../src/manager/tmux-manager.js';
import {
  capturePane,
  displayFormat,
  newWindow,
  renameWindow,
  respawnPane,
  sendLiteral,
  setOption,
  setPaneTitle,
  showOption,
  unsetOption,
} from '../../../src/tmux/tmux-commands.js';
import { requireAllOk } from '../../../src/tmux/batch-outcomes.js';
import { killAllPrivateTmux, privateTmux, type PrivateTmux } from '../../helpers/private-tmux.js';

// The builders on a real tmux server: what tmux would expand as a format in a name, a title or a directory reaches it
// literally, and what tmux gets as data (option values, typed text) is left as it is.

let server: PrivateTmux;
let manager: TMUXManager;
let dir: string;

beforeAll(async () => {
  server = privateTmux('orc-s18-commands');
  manager = server.manager();
  dir = mkdtempSync(join(tmpdir(), 'orc-s18-'));
  await manager.newSession('b', { command: ['cat'] });
});

afterAll(async () => {
  await killAllPrivateTmux();
  rmSync(dir, { recursive: true, force: true });
});

/** A name that runs a command if tmux expands it, and says so by the file it touches. */
const trap = (what: string) => `${what}#(touch ${join(dir, what)})#{pane_id}`;

test('a window name, a pane title and a directory with formats come back literally, and run nothing', async () => {
  const cwd = join(dir, 'd#{pane_id}');
  mkdirSync(cwd);
  const sessionId = (await manager.resolve('b')).session.id;
  const create = newWindow(sessionId, { name: trap('new'), cwd }, '#{window_id}\x1f#{pane_id}');
  const [created] = requireAllOk(await manager.batch([create]));
  const [windowId = '', paneId = ''] = created![0]!.split('\x1f');
  requireAllOk(await manager.batch([renameWindow(windowId, trap('renamed')), setPaneTitle(paneId, trap('title'))]));
  const read = displayFormat(paneId, '#{window_name}\x1f#{pane_title}\x1f#{pane_current_path}');
  const [facts] = requireAllOk(await manager.batch([read]));
  expect(facts![0]!.split('\x1f')).toEqual([trap('renamed'), trap('title'), cwd]);
  expect(['new', 'renamed', 'title'].filter((f) => existsSync(join(dir, f)))).toEqual([]);
});

test('a respawned pane starts in a directory with a format in its name', async () => {
  const cwd = join(dir, 'r#{pane_id}');
  mkdirSync(cwd);
  const created = await manager.newWindow('b', { name: 'resp', command: ['cat'] });
  await manager.run(respawnPane(created.paneId, { cwd, command: ['sh', '-c', 'pwd; exec cat'] }));
  await waitFor(async () => (await manager.run(capturePane(created.paneId))).includes(cwd));
  expect(await manager.display(created.paneId, '#{pane_current_path}')).toBe(cwd);
});

test('option values and typed text are data: set, shown, typed and unset as they are', async () => {
  const pane = await manager.paneId('b');
  const value = '#{pane_id} $HOME ; -x';
  await manager.run(setOption('pane', pane, '@orc-s18', value));
  expect((await manager.run(showOption('pane', pane, '@orc-s18'))).join('\n')).toBe(value);
  await manager.run(unsetOption('pane', pane, '@orc-s18'));
  expect(await manager.run(showOption('pane', pane, '@orc-s18'))).toEqual([]);
  await manager.run(sendLiteral(pane, value));
  await waitFor(async () => (await manager.run(capturePane(pane))).some((l) => l.includes(value)));
});

async function waitFor(check: () => Promise<boolean>, ms = 3000): Promise<void> {
  for (const end = Date.now() + ms; ; await new Promise((r) => setTimeout(r, 25))) {
    if (await check()) return;
    if (Date.now() > end) throw new Error('timed out');
  }
}

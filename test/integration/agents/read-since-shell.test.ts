import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import type { AgentRecord } from '../../../src/agents/agent-record.js';
import { readOutput, type OutputRead } from '../../../src/agents/read-output.js';
import { spawnAgent } from '../../../src/agents/spawn-agent.js';
import type { TMUXManager } from '../../../src/manager/tmux-manager.js';
import type { PrivateTmux } from '../../helpers/private-tmux.js';
import { eventually } from '../../helpers/fake-agent-support.js';
import { testServers } from '../../helpers/test-servers.js';

const servers = testServers('orc-readx-shell');

/** A bash on a throwaway HOME that reads no rc file, with the prompt `$ `. */
async function shellPane(tmux: PrivateTmux): Promise<{
  manager: TMUXManager;
  agent: AgentRecord;
  run: (command: string, done?: string | ((lines: string[]) => boolean)) => Promise<void>;
  type: (text: string) => Promise<void>;
}> {
  const manager = tmux.manager();
  const home = mkdtempSync(join(servers.dir(), 'home-'));
  const env = { HOME: home, PS1: '$ ', HISTFILE: '/dev/null', TERM: 'screen' };
  const { agent } = await spawnAgent(manager, {
    session: 'proj',
    name: 'sh',
    role: 'helper',
    kind: 'shell',
    command: ['bash', '--norc', '--noprofile'],
    env,
  });
  const lines = () =>
    tmux
      .tmux('capture-pane', '-p', '-J', '-S', '-', '-t', agent.paneId)
      .trimEnd()
      .split('\n')
      .map((l) => l.trimEnd());
  await eventually('the prompt', () => lines().at(-1) === '$');
  return {
    manager,
    agent,
    // Runs a command and waits for its last output line under a fresh prompt (or for done to hold).
    async run(command, done) {
      tmux.tmux('send-keys', '-t', agent.paneId, '-l', command);
      tmux.tmux('send-keys', '-t', agent.paneId, 'Enter');
      await eventually(`${command} to finish`, () => {
        const now = lines();
        if (typeof done === 'function') return done(now);
        return now.at(-1) === '$' && (done === undefined ? now.includes(`$ ${command}`) : now.at(-2) === done);
      });
    },
    // Types into the prompt line without submitting.
    async type(text) {
      tmux.tmux('send-keys', '-t', agent.paneId, '-l', text);
      await eventually('the typed text', () => lines().at(-1) === `$ ${text}`);
    },
  };
}

const linesOf = (read: OutputRead) => (read.text === '' ? [] : read.text.split('\n').map((l) => l.trimEnd()));
const seq = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => String(from + i));

test('a shell pane: --since returns exactly the new lines, after commands, repeats, typing, scrolling and clear', async () => {
  const { manager, agent, run, type } = await shellPane(servers.server());
  let read = await readOutput(manager, agent);
  expect(linesOf(read)).toEqual(['$']);
  const since = async () => {
    read = await readOutput(manager, agent, { since: read.cursor });
    return { lines: linesOf(read), gap: read.gap ?? false };
  };

  await run('echo one', 'one');
  await run('echo two', 'two');
  expect(await since()).toEqual({ lines: ['$ echo one', 'one', '$ echo two', 'two', '$'], gap: false });
  // The same commands again: the same lines come back below the earlier ones.
  await run('echo two', 'two');
  expect(await since()).toEqual({ lines: ['$ echo two', 'two', '$'], gap: false });
  expect(await since()).toEqual({ lines: [], gap: false });

  await type('echo typed');
  expect(await since()).toEqual({ lines: ['$ echo typed'], gap: false });
  await run('', 'typed');
  expect(await since()).toEqual({ lines: ['typed', '$'], gap: false });

  // Past the 50 rows of the screen: the first lines scroll into history.
  await run('seq 1 120', '120');
  expect(await since()).toEqual({ lines: ['$ seq 1 120', ...seq(1, 120), '$'], gap: false });

  // Clearing the screen pushes it into history (scroll-on-clear): the new lines are still told apart.
  const clear = "printf '\\033[H\\033[2J'";
  await run(clear);
  expect(await since()).toEqual({ lines: [`$ ${clear}`, '$'], gap: false });
  // Clearing the history too leaves nothing to place the cursor by: the tail, with a gap.
  await run("printf '\\033[H\\033[2J\\033[3J'", (now) => now.join('\n') === '$');
  expect(await since()).toEqual({ lines: ['$'], gap: true });
  await run('echo after', 'after');
  expect(await since()).toEqual({ lines: ['$ echo after', 'after', '$'], gap: false });
});

test('a shell pane with a small history-limit: --since after tmux dropped old lines', async () => {
  const tmux = servers.server();
  // history-limit applies to panes made after it is set.
  tmux.tmux('set-option', '-g', 'history-limit', '100');
  const { manager, agent, run } = await shellPane(tmux);
  await run('seq 1 200', '200');
  const before = await readOutput(manager, agent);
  await run('seq 1000 1040', '1040');
  const after = await readOutput(manager, agent, { since: before.cursor });
  expect({ lines: linesOf(after), gap: after.gap ?? false }).toEqual({
    lines: ['$ seq 1000 1040', ...seq(1000, 1040), '$'],
    gap: false,
  });
  // So much output that the earlier read's last lines are gone: the tail, with a gap.
  await run('seq 2000 2400', '2400');
  const gone = await readOutput(manager, agent, { since: after.cursor, lines: 5 });
  expect({ lines: linesOf(gone), gap: gone.gap ?? false }).toEqual({
    lines: ['2397', '2398', '2399', '2400', '$'],
    gap: true,
  });
});

test('a shell pane with more history than a read returns: --since after it is exact, not lines from before it', async () => {
  const { manager, agent, run } = await shellPane(servers.server());
  // 150 lines alike: a place counted from the wrong line would still find them, and return old ones.
  await run('yes x | head -n 150', 'x');
  const before = await readOutput(manager, agent, { lines: 20 });
  expect(linesOf(before)).toEqual([...Array(19).fill('x'), '$']);
  await run('echo y', 'y');
  const after = await readOutput(manager, agent, { since: before.cursor });
  expect({ lines: linesOf(after), gap: after.gap ?? false }).toEqual({ lines: ['$ echo y', 'y', '$'], gap: false });
});

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runProgram } from '../../../cli/build-program.js';
import { readBriefing } from '../../../src/agents/read-briefing.js';
import { spawnAgent } from '../../../src/agents/spawn-agent.js';
import { readPaneStates } from '../../../src/agents/read-pane-state.js';
import { paneQuery } from '../../../src/agents/agent-status.js';
import { sleep } from '../../helpers/fake-agent-support.js';
import { testServers } from '../../helpers/test-servers.js';
import type { TMUXManager } from '../../../src/manager/tmux-manager.js';

// A plain shell runs what it is typed: a briefing typed into it is commands, and one apostrophe leaves bash at its
// continuation prompt (which reads as idle). tmux-orc therefore never types a briefing into a shell: `agent spawn`
// refuses one (usage.invalid), and a team deployed as shells keeps its briefings in their metadata, untyped.
const servers = testServers('orc-door18-shbrief');
const BASH = ['bash', '--norc', '--noprofile'];
const BRIEFING = "it's your turn: don't type this";

async function cli(manager: TMUXManager, argv: string[]) {
  let stdout = '';
  const state = await runProgram(['--json', ...argv], {
    manager,
    stdout: (t) => void (stdout += t),
    stderr: () => undefined,
  });
  return { exitCode: state.exitCode, doc: JSON.parse(stdout) as Record<string, any> };
}

async function screenOf(manager: TMUXManager, agent: Parameters<typeof paneQuery>[0]): Promise<string> {
  const [state] = await readPaneStates(manager, [paneQuery(agent)]);
  return state!.screen;
}

test('agent spawn --kind shell --briefing: usage.invalid, and nothing is started', async () => {
  const server = servers.server();
  const manager = server.manager();
  const { exitCode, doc } = await cli(manager, [
    'agent',
    'spawn',
    'sh',
    '--name',
    'box',
    '--kind',
    'shell',
    '--briefing',
    BRIEFING,
    '--',
    ...BASH,
  ]);
  expect({ exitCode, code: doc.error?.code }).toEqual({ exitCode: 2, code: 'usage.invalid' });
  expect(server.tmux('list-sessions', '-F', '#{session_name}').trim().split('\n')).toEqual(['keeper']);
});

test('a shell spawned with a briefing by the core keeps it in its metadata and never types it', async () => {
  const manager = servers.server().manager();
  const result = await spawnAgent(manager, {
    session: 'sh',
    name: 'box',
    role: 'developer',
    kind: 'shell',
    command: BASH,
    briefing: BRIEFING,
  });
  expect(result.ready).toBe(true);
  expect(result.briefing).toBeUndefined();
  await sleep(300);
  expect(await screenOf(manager, result.agent)).not.toContain('your turn');
  expect(await readBriefing(manager, result.agent.windowId)).toBe(BRIEFING);
});

test('team deploy --kind shell: every member is up, none is briefed, no shell was typed into', async () => {
  const manager = servers.server().manager();
  const file = join(servers.dir(), 'team.json');
  writeFileSync(
    file,
    JSON.stringify({
      agents: [
        { name: 'pm', role: 'pm' },
        { name: 'dev', role: 'developer', briefing: BRIEFING },
      ],
    }),
  );
  const { exitCode, doc } = await cli(manager, [
    'team',
    'deploy',
    file,
    '--project',
    'shells',
    '--kind',
    'shell',
    '--',
    ...BASH,
  ]);
  expect({ exitCode, ok: doc.ok }).toEqual({ exitCode: 0, ok: true });
  const agents = doc.data.agents as { target: string; briefed: boolean; ready: boolean }[];
  expect(agents.map((a) => [a.target, a.ready, a.briefed])).toEqual([
    ['shells:pm', true, false],
    ['shells:dev', true, false],
  ]);
  await sleep(300);
  for (const name of ['pm', 'dev']) {
    const screen = await manager.capturePane(`shells:${name}`);
    expect({ name, screen: /role|team|turn/i.test(screen) }).toEqual({ name, screen: false });
  }
});

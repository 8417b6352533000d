import { agentStatuses } from '../src/agents/agent-status.js';
import { findAgent, listAgents } from '../src/agents/find-agent.js';
import type { TMUXManager } from '../src/manager/tmux-manager.js';
import { broadcast } from '../src/teams/broadcast.js';
import { deployTeam } from '../src/teams/deploy-team.js';
import { summarizeSessions } from '../cli/commands/session-summary.js';
import type { BenchServer } from './bench-server.js';
import { BENCH_TEAM, cycle } from './fleet.js';

/** How long an operation takes, roughly: it sets how many iterations are affordable. */
export type Weight = 'fast' | 'medium' | 'slow';

/** One measured operation: what the CLI or an MCP tool does for one request, run against the core. */
export interface Operation {
  id: string;
  label: string;
  weight: Weight;
  run(manager: TMUXManager): Promise<unknown>;
  /** Untimed clean-up after each iteration (a deployed team is killed again). */
  afterEach?(): void;
  /** Untimed, once per scale around the operation's three columns. */
  before?(): void;
  after?(): void;
}

/** Sends C-u (clear the input line) to every fleet agent, in one tmux command line. */
function clearInputBoxes(server: BenchServer): void {
  const panes = server
    .tmux('list-panes', '-a', '-F', '#{session_name} #{pane_id}')
    .split('\n')
    .filter((line) => /^s\d+ /.test(line))
    .map((line) => line.split(' ')[1]!);
  server.tmux(...panes.flatMap((pane, i) => [...(i > 0 ? [';'] : []), 'send-keys', '-t', pane, 'C-u']));
}

/** The tmux operations of the table, for a server holding sessions s0...s<n-1> of 4 fake agents each. */
export function tmuxOperations(server: BenchServer): Operation[] {
  let deployed = 0;
  return [
    {
      id: 'session-list',
      label: 'session list (`list`)',
      weight: 'fast',
      run: async (m) => summarizeSessions(await m.snapshot()),
    },
    {
      id: 'status-one',
      label: 'agent status, one agent',
      weight: 'fast',
      run: async (m) => agentStatuses(m, [await findAgent(m, 's0:pm')]),
    },
    {
      id: 'status-all',
      label: 'agent status, all agents',
      weight: 'medium',
      run: async (m) => agentStatuses(m, await listAgents(m)),
    },
    {
      id: 'team-deploy',
      label: 'team deploy, 4 agents, no wait',
      weight: 'slow',
      // `sleep` panes: without waiting for readiness nothing reads the agents, and four fake agents booting (~100 ms
      // of CPU each) would compete with the measurement on a small machine.
      run: async (m) =>
        deployTeam(m, BENCH_TEAM, { session: `deploy${deployed}`, command: ['sleep', '600'], wait: false }),
      afterEach: () => {
        server.tmux('kill-session', '-t', `=deploy${deployed}`);
        deployed++;
      },
    },
    {
      id: 'team-status',
      label: 'team status, 4 agents',
      weight: 'fast',
      run: async (m) => {
        const statuses = await agentStatuses(m, await listAgents(m, 's0'));
        const counts: Record<string, number> = {};
        for (const s of statuses) counts[s.state] = (counts[s.state] ?? 0) + 1;
        return counts;
      },
    },
    {
      id: 'team-broadcast',
      label: 'team broadcast, 4 agents (confirmed delivery)',
      weight: 'slow',
      run: async (m) => {
        const results = await broadcast(m, await listAgents(m, 's0'), 'bench: broadcast');
        const failed = results.find((r) => !r.ok);
        if (failed && !failed.ok)
          throw new Error(`broadcast to ${failed.target} failed: ${failed.error.code} ${failed.error.message}`);
        return results;
      },
    },
    {
      id: 'batch-status',
      label: 'batch: 100 agent statuses',
      weight: 'medium',
      run: async (m) => agentStatuses(m, cycle(await listAgents(m), 100)),
    },
    {
      id: 'batch-send',
      label: 'batch: 100 sends (send-keys text + Enter)',
      weight: 'medium',
      // A Claude-like agent drops an Enter that comes with the keys (the race deliverMessage waits out), so the text
      // stays in its box: empty the boxes (C-u, untimed) so every iteration types into the same screens.
      afterEach: () => clearInputBoxes(server),
      run: async (m) => {
        const outcomes = await m.batch(
          cycle(await listAgents(m), 100).map((a, i) => ['send-keys', '-t', a.paneId, `bench message ${i}`, 'Enter']),
        );
        const failed = outcomes.find((o) => !o.ok);
        if (failed && !failed.ok) throw failed.error;
        return outcomes;
      },
    },
    {
      id: 'batch-send-cat',
      label: 'batch: 100 sends to 4 `cat` panes (nothing redraws)',
      weight: 'medium',
      // The same batch where no agent wakes up to redraw: what tmux and the transport cost, without the agents' CPU.
      before: () => {
        server.tmux('new-session', '-d', '-s', 'sink', '-x', '200', '-y', '50', 'cat');
        for (let i = 0; i < 3; i++) server.tmux('new-window', '-d', '-t', 'sink:', 'cat');
      },
      after: () => server.tmux('kill-session', '-t', '=sink'),
      run: async (m) => {
        const panes = (await m.snapshot()).sessions.find((s) => s.name === 'sink')!.windows.map((w) => w.panes[0]!.id);
        const outcomes = await m.batch(
          cycle(panes, 100).map((pane, i) => ['send-keys', '-t', pane, `bench message ${i}`, 'Enter']),
        );
        const failed = outcomes.find((o) => !o.ok);
        if (failed && !failed.ok) throw failed.error;
        return outcomes;
      },
    },
  ];
}

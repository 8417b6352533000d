import { join } from 'node:path';
import { runProgram } from '../../../cli/build-program.js';
import { agentStatuses } from '../../../src/agents/agent-status.js';
import { everyAgentStatus } from '../../../src/agents/every-agent-status.js';
import { listAgents } from '../../../src/agents/find-agent.js';
import { spawnAgent } from '../../../src/agents/spawn-agent.js';
import { TMUXManager } from '../../../src/manager/tmux-manager.js';
import type { ControlNotification } from '../../../src/tmux/control-notification.js';
import { ControlTransport } from '../../../src/tmux/control-transport.js';
import type { CloseOptions, CommandOutcome, Transport } from '../../../src/tmux/transport.js';
import { fakeAgentArgv, testServers } from '../../helpers/test-servers.js';

const servers = testServers('orc-rt-every');

/**
 * A control transport that records every request it is given: a status's requests go one after the other (each waits
 * for the answer before it), so their number is its number of round trips to tmux.
 */
class CountingTransport implements Transport {
  readonly kind = 'control' as const;
  readonly requests: string[][][] = [];
  private readonly inner: ControlTransport;

  constructor(socketName: string) {
    this.inner = new ControlTransport({ socketName });
  }

  run(argv: readonly string[]): Promise<string[]> {
    this.requests.push([[...argv]]);
    return this.inner.run(argv);
  }

  runMany(commands: readonly (readonly string[])[]): Promise<CommandOutcome[]> {
    this.requests.push(commands.map((c) => [...c]));
    return this.inner.runMany(commands);
  }

  runList(commands: readonly (readonly string[])[]): Promise<string[]> {
    this.requests.push(commands.map((c) => [...c]));
    return this.inner.runList(commands);
  }

  runUnless(condition: string, pane: string, command: readonly string[]): Promise<boolean> {
    this.requests.push([[...command]]);
    return this.inner.runUnless(condition, pane, command);
  }

  onNotification(listener: (n: ControlNotification) => void): () => void {
    return this.inner.onNotification(listener);
  }

  close(options?: CloseOptions): Promise<void> {
    return this.inner.close(options);
  }
}

/** A server with three ready fake agents, and a manager on a counting transport, as a long-lived process holds. */
async function fleet() {
  const tmux = servers.server();
  const setup = tmux.manager();
  const log = join(servers.dir(), `${tmux.socketName}.jsonl`);
  const spawned = [];
  for (const name of ['a', 'b', 'c']) {
    spawned.push(
      (
        await spawnAgent(setup, {
          session: 'team',
          name,
          role: 'developer',
          kind: 'claude',
          command: fakeAgentArgv('claude', log),
        })
      ).agent,
    );
  }
  const counted = new CountingTransport(tmux.socketName);
  const manager = new TMUXManager({ socketName: tmux.socketName, transport: counted });
  return { tmux, setup, spawned, counted, manager, log };
}

/** Runs `fleet status --json` in-process on the manager and returns its data. */
async function fleetStatus(manager: TMUXManager): Promise<any> {
  let stdout = '';
  const state = await runProgram(['--json', 'fleet', 'status'], {
    manager,
    stdout: (t) => (stdout += t),
    stderr: () => undefined,
  });
  const envelope = JSON.parse(stdout) as { ok: boolean; data: any };
  expect(state.exitCode).toBe(0);
  return envelope.data;
}

/** What a status says of each agent, the fields that come from tmux. */
const shape = (agents: readonly any[]) =>
  agents.map((a) => ({
    target: a.target.replace(/^local\//, ''),
    role: a.role,
    kind: a.kind,
    state: a.state,
    title: a.title,
    currentCommand: a.currentCommand,
  }));

describe('every agent status: a warm fleet status', () => {
  test('is one round trip to tmux, also when the cache was dropped since (a notification, its TTL)', async () => {
    const { manager, counted } = await fleet();
    try {
      const first = await fleetStatus(manager);
      expect(first.totals.agents).toBe(3);
      // The cache is dropped by any topology notification and after 2 s: the next status cannot lean on it.
      manager.invalidate();
      const before = counted.requests.length;
      const again = await fleetStatus(manager);
      const requests = counted.requests.slice(before);
      expect(requests).toHaveLength(1);
      const verbs = requests[0]!.map((c) => c[0]);
      expect(verbs.filter((v) => v === 'capture-pane')).toHaveLength(3);
      expect(verbs.filter((v) => v === 'list-panes')).toHaveLength(2); // the snapshot and every pane's facts
      expect(shape(again.hosts[0].agents)).toEqual(shape(first.hosts[0].agents));
      // The same as agent status reads them one by one.
      expect(shape(again.hosts[0].agents)).toEqual(shape(await agentStatuses(manager, await listAgents(manager))));
    } finally {
      await manager.close();
    }
  });

  test("sees what another process set since, with no notification to tell (an agent's role), in that one round trip", async () => {
    const { tmux, manager, counted, spawned } = await fleet();
    try {
      await fleetStatus(manager);
      // tmux sends no notification for an option; the cache of a manager with no pane watch still holds the old role.
      tmux.tmux('set-option', '-w', '-t', spawned[1]!.windowId, '@tmux-orc-role', 'reviewer');
      const before = counted.requests.length;
      const { agents } = (await fleetStatus(manager)).hosts[0];
      expect(counted.requests.length - before).toBe(1);
      expect(agents.map((a: any) => [a.name, a.role])).toEqual([
        ['a', 'developer'],
        ['b', 'reviewer'],
        ['c', 'developer'],
      ]);
    } finally {
      await manager.close();
    }
  });

  test('an agent that came since is read in a second round trip, one that went is left out', async () => {
    const { tmux, setup, manager, counted, spawned, log } = await fleet();
    try {
      await everyAgentStatus(manager);
      tmux.tmux('kill-window', '-t', spawned[0]!.windowId);
      await spawnAgent(setup, {
        session: 'other',
        name: 'd',
        role: 'tester',
        kind: 'claude',
        command: fakeAgentArgv('claude', log),
      });
      const before = counted.requests.length;
      const { agents, snapshot } = await everyAgentStatus(manager);
      expect(counted.requests.length - before).toBe(2);
      expect(counted.requests.at(-1)!.filter((c) => c[0] === 'capture-pane')).toHaveLength(1);
      expect(agents.map((a) => a.target).sort()).toEqual(['other:d', 'team:b', 'team:c']);
      expect(agents.every((a) => a.state === 'idle' && a.currentCommand !== '')).toBe(true);
      expect(snapshot.sessions.map((s) => s.name).sort()).toEqual(['keeper', 'other', 'team']);
    } finally {
      await manager.close();
    }
  });

  test('no server: no agents, and serverRunning false', async () => {
    const { tmux, manager } = await fleet();
    try {
      await everyAgentStatus(manager);
      await tmux.kill();
      const { agents, snapshot } = await everyAgentStatus(manager);
      expect(snapshot.serverRunning).toBe(false);
      expect(agents).toEqual([]);
    } finally {
      await manager.close();
    }
  });
});

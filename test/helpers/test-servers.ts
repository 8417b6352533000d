import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentRecord } from '../../src/agents/agent-record.js';
import type { AgentKind } from '../../src/agents/agent-state.js';
import { spawnAgent } from '../../src/agents/spawn-agent.js';
import type { TMUXManager } from '../../src/manager/tmux-manager.js';
import { FAKE_AGENT } from './fake-agent-support.js';
import { killAllPrivateTmux, privateTmux, type PrivateTmux } from './private-tmux.js';

/** A test file's private tmux servers and its scratch folder (logs, team files). */
export interface TestServers {
  /**
   * A private tmux server for one test, already running (a keeper session holds it up: starting from no server at all
   * races with the transient server `tmux -C attach` starts); killed after the test, pass or fail.
   */
  server(): PrivateTmux;
  /** The file's scratch folder, made before its tests and removed after them. */
  dir(): string;
}

/** Registers the file's hooks (scratch folder, a kill after each test, a final sweep) and gives its servers. */
export function testServers(prefix: string): TestServers {
  const servers: PrivateTmux[] = [];
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  });
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.kill()));
  });
  afterAll(async () => {
    await killAllPrivateTmux();
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    server() {
      const s = privateTmux(prefix);
      servers.push(s);
      s.tmux('new-session', '-d', '-s', 'keeper', 'sleep', '600');
      return s;
    },
    dir: () => dir,
  };
}

/** The fake agent's argv, fast: ready after 50 ms, busy for 150 ms per message, logging what it is sent. */
export function fakeAgentArgv(kind: string, log: string, ...flags: string[]): string[] {
  return [process.execPath, FAKE_AGENT, '--kind', kind, '--log', log, '--ready-ms', '50', '--busy-ms', '150', ...flags];
}

/** A ready fake agent `proj:dev` on a server of its own. */
export interface FakeOnServer {
  tmux: PrivateTmux;
  manager: TMUXManager;
  agent: AgentRecord;
  log: string;
}

/** Spawns a fake agent of one kind, ready, on a new server of the file's, logging what it is sent. */
export async function spawnFakeAgent(
  servers: TestServers,
  kind: Exclude<AgentKind, 'shell' | 'custom'>,
  options: { briefing?: string; flags?: string[] } = {},
): Promise<FakeOnServer> {
  const tmux = servers.server();
  const manager = tmux.manager();
  const log = join(servers.dir(), `${tmux.socketName}.jsonl`);
  const command = fakeAgentArgv(kind, log, ...(options.flags ?? []));
  const { agent } = await spawnAgent(manager, {
    session: 'proj',
    name: 'dev',
    role: 'developer',
    kind,
    command,
    ...(options.briefing ? { briefing: options.briefing } : {}),
  });
  return { tmux, manager, agent, log };
}

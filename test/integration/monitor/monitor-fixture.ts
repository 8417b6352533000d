import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AgentRecord } from '../../../src/agents/agent-record.js';
import { spawnAgent } from '../../../src/agents/spawn-agent.js';
import type { TMUXManager } from '../../../src/manager/tmux-manager.js';
import { Monitor } from '../../../src/monitor/monitor.js';
import type { MonitorEvent } from '../../../src/monitor/monitor-event.js';
import type { MonitorOptions } from '../../../src/monitor/monitor-options.js';
import { privateTmux, type PrivateTmux } from '../../helpers/private-tmux.js';

const FAKE = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'fake-agent.mjs');

/** A private tmux server with fake claude agents in session "team", each logging what it is sent. */
export interface Crew {
  tmux: PrivateTmux;
  /** The manager that spawns and messages agents (the monitor gets its own). */
  manager: TMUXManager;
  spawn(name: string, role: string, options?: { busyMs?: number; briefing?: string }): Promise<AgentRecord>;
  /** The messages an agent has received, in order. */
  received(name: string): string[];
  /** A monitor on its own control-mode connection, collecting its events. */
  monitor(options: Partial<MonitorOptions>): { monitor: Monitor; events: MonitorEvent[] };
  cleanup(): Promise<void>;
}

/** Makes a crew; call cleanup() from afterAll. */
export function crew(): Crew {
  const tmux = privateTmux('orc-mon');
  const dir = mkdtempSync(join(tmpdir(), 'orc-mon-'));
  const manager = tmux.manager();
  const log = (name: string) => join(dir, `${name}.jsonl`);
  return {
    tmux,
    manager,
    spawn: async (name, role, options = {}) =>
      (
        await spawnAgent(manager, {
          session: 'team',
          name,
          role,
          kind: 'claude',
          command: [
            process.execPath,
            FAKE,
            '--kind',
            'claude',
            '--log',
            log(name),
            '--busy-ms',
            String(options.busyMs ?? 1000),
            '--ready-ms',
            '100',
          ],
          ...(options.briefing ? { briefing: options.briefing } : {}),
        })
      ).agent,
    received: (name) =>
      existsSync(log(name))
        ? readFileSync(log(name), 'utf8')
            .split('\n')
            .filter(Boolean)
            .map((l) => (JSON.parse(l) as { text: string }).text)
        : [],
    monitor(options) {
      const events: MonitorEvent[] = [];
      const monitor = new Monitor(
        tmux.manager({ transport: 'control' }),
        { idleEscalateMs: 0, reportCooldownMs: 0, ...options },
        (e) => events.push(e),
      );
      return { monitor, events };
    },
    async cleanup() {
      await tmux.kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Sweeps every 100 ms until the check passes; fails with the events seen when it does not within the time. */
export async function sweepUntil(
  monitor: Monitor,
  events: readonly MonitorEvent[],
  check: () => boolean,
  what: string,
  ms = 10_000,
): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    await monitor.sweep();
    if (check()) return;
    if (Date.now() > end)
      throw new Error(`timed out waiting for ${what}; events:\n${events.map((e) => JSON.stringify(e)).join('\n')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The transitions of one agent, as "from>to". */
export function transitions(events: readonly MonitorEvent[], agent: string): string[] {
  return events.flatMap((e) => (e.type === 'transition' && e.agent === agent ? [`${e.from}>${e.to}`] : []));
}

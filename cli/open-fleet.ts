import { FleetWatcher } from '../src/fleet/fleet-watcher.js';
import { HostsFleetWatcher, type FleetSource } from '../src/fleet/hosts-fleet-watcher.js';
import { TMUXManager } from '../src/manager/tmux-manager.js';
import type { CommandContext, GlobalOptions } from './command-spec.js';
import { fleetCommands, type FleetCommands } from './fleet-actions.js';
import { socketOptions } from './socket-options.js';

/** A live fleet for a dashboard: what it reads, how it acts, and the one call that closes every connection. */
export interface OpenFleet {
  source: FleetSource;
  commands: FleetCommands;
  /** Whether it spans several hosts (the views then show a host column). */
  hosts: readonly string[];
  close(): Promise<void>;
}

/**
 * The fleet a dashboard shows, on long-lived managers of its own (control mode: they get tmux's notifications): the
 * one server the globals name (`-H` included), or, when the hosts file names hosts and no `-H` was given, this machine
 * and every host at once, one manager each, rows and actions carrying their `host/` prefix (issue 15).
 */
export async function openFleet(ctx: CommandContext, o: { session?: string; refreshMs: number }): Promise<OpenFleet> {
  const session = o.session ? { session: o.session } : {};
  const watch = (manager: TMUXManager) => new FleetWatcher(manager, { ...session, refreshMs: o.refreshMs });
  const open = (globals: GlobalOptions) => new TMUXManager({ ...socketOptions(globals), transport: 'auto' });
  const { knownHostNames } = await import('../src/hosts/resolve-host.js');
  const names = ctx.globals.host === undefined && ctx.onHost ? await knownHostNames() : [];
  if (names.length < 2) {
    const manager = open(ctx.globals);
    const close = () => manager.close().catch(() => undefined);
    return { source: watch(manager), commands: fleetCommands(manager, ctx.globals), hosts: [], close };
  }
  const parts = await Promise.all(
    names.map(async (host) => {
      const globals = host === 'local' ? ctx.globals : (await ctx.onHost!(host)).globals;
      return { host, globals, manager: open(globals) };
    }),
  );
  const byHost = new Map(parts.map((p) => [p.host, p]));
  const local = byHost.get('local')!;
  return {
    source: new HostsFleetWatcher(parts.map((p) => ({ host: p.host, watcher: watch(p.manager) }))),
    commands: fleetCommands(local.manager, local.globals, (host) => byHost.get(host)),
    hosts: names,
    close: async () => void (await Promise.all(parts.map((p) => p.manager.close().catch(() => undefined)))),
  };
}

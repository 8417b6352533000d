import { toOrcError, type ErrorJson } from '../src/errors.js';
import type { TMUXManager } from '../src/manager/tmux-manager.js';
import type { CommandContext } from './command-spec.js';

/** One host's part of a fleet answer: its data, or its error, and how long it took. */
export type HostPart<T> = ({ ok: true; data: T } | { ok: false; error: ErrorJson }) & { host: string; ms: number };

/**
 * The longest a host may take in a fleet view: ssh's connect timeout (5 s) and a command timeout (4 s) with room to
 * spare. A host past it is reported as `host.unreachable` and the answer goes out with the others.
 */
const HOST_DEADLINE_MS = 12_000;

/**
 * Runs `work` on every host (`local` first, then the hosts file's, in its order) at once, each on its own manager,
 * and returns one part per host: a host that fails or is slow never holds up the others' answers. Where the context
 * reaches one server only (a test's own manager), that is the one part.
 */
export async function onEveryHost<T>(
  ctx: CommandContext,
  work: (manager: TMUXManager, host: string) => Promise<T>,
): Promise<HostPart<T>[]> {
  if (!ctx.onHost) return [await part('local', async () => work(ctx.manager(), 'local'))];
  const { knownHostNames } = await import('../src/hosts/resolve-host.js');
  const hosts = await knownHostNames();
  return Promise.all(
    hosts.map((host) =>
      part(host, async () => {
        const onHost = await ctx.onHost!(host);
        return work(onHost.manager(), host);
      }),
    ),
  );
}

async function part<T>(host: string, run: () => Promise<T>): Promise<HostPart<T>> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(Object.assign(new Error(`no answer from ${host} within ${HOST_DEADLINE_MS} ms`), { late: true })),
      HOST_DEADLINE_MS,
    );
    timer.unref();
  });
  const ms = () => Math.round(performance.now() - started);
  try {
    const data = await Promise.race([run(), late]);
    return { host, ok: true, data, ms: ms() };
  } catch (error) {
    const e = (error as { late?: boolean }).late
      ? { code: 'host.unreachable' as const, message: (error as Error).message }
      : toOrcError(error).toJSON();
    return { host, ok: false, error: e, ms: ms() };
  } finally {
    clearTimeout(timer);
  }
}

/** A target on a host, as the fleet views print it: `build/proj:dev` (usable as it is in any command). */
export function onHostTarget(host: string, target: string): string {
  return `${host}/${target}`;
}

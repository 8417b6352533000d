import { OrcError } from '../src/errors.js';
import type { CommandContext, CommandSpec } from './command-spec.js';
import { commandFields } from './validate-input.js';

/**
 * Puts a command on the host it names: `-H <host>` (the context's globals), or the `host/` prefix of a target or
 * session field (`build/proj:dev`), which is taken off before the handler sees the value. One command runs on one
 * host: fields naming two hosts, or a prefix other than `-H`'s, are `usage.invalid`. The hosts file is read only
 * when a field holds a `/`.
 */
export async function routeToHost(
  spec: CommandSpec,
  input: Record<string, unknown>,
  ctx: CommandContext,
): Promise<{ input: Record<string, unknown>; ctx: CommandContext }> {
  const fields = commandFields(spec).filter((f) => f.spec.host ?? (f.key === 'target' || f.key === 'session'));
  const values = fields.flatMap((f) =>
    [input[f.key]]
      .flat()
      .filter((v): v is string => typeof v === 'string' && v.includes('/'))
      .map((v) => [f.key, v] as const),
  );
  let host = ctx.globals.host;
  let routed = input;
  if (values.length > 0) {
    const { knownHostNames, splitHostPrefix } = await import('../src/hosts/resolve-host.js');
    const names = await knownHostNames();
    routed = { ...input };
    for (const f of fields) {
      const value = routed[f.key];
      const strip = (v: unknown) => {
        if (typeof v !== 'string') return v;
        const split = splitHostPrefix(v, names);
        if (!split) return v;
        if (host !== undefined && host !== split.host) {
          throw new OrcError(
            'usage.invalid',
            `${f.key} names host "${split.host}", and the command runs on "${host}"`,
            { hint: 'one command runs on one host: name it once, with -H or in the targets' },
          );
        }
        host = split.host;
        return split.rest;
      };
      if (Array.isArray(value)) routed[f.key] = value.map(strip);
      else if (value !== undefined) routed[f.key] = strip(value);
    }
  }
  if (host === undefined || ctx.globals.at?.name === host) return { input: routed, ctx };
  if (!ctx.onHost) {
    if (host === 'local') return { input: routed, ctx };
    throw new OrcError('usage.invalid', `this tmux-orc reaches one tmux server only, not host "${host}"`);
  }
  return { input: routed, ctx: await ctx.onHost(host) };
}

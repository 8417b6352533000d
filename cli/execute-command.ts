import { EXIT_OK, toOrcError } from '../src/errors.js';
import { packageVersion } from '../src/version.js';
import type { CommandContext, CommandSpec } from './command-spec.js';
import type { Envelope } from './envelope.js';
import { routeToHost } from './host-routing.js';
import { hintWithSocket } from './socket-hint.js';
import { validateInput } from './validate-input.js';

/**
 * Validates the input, runs the handler and wraps the outcome in the envelope. The CLI and the MCP server both
 * call this, so a tool call and its CLI twin give the same data and the same error codes.
 */
export async function executeCommand(
  spec: CommandSpec,
  path: string,
  raw: Record<string, unknown>,
  ctx: CommandContext,
): Promise<{ envelope: Envelope; exitCode: number }> {
  const start = performance.now();
  const meta = () => ({
    durationMs: Math.round((performance.now() - start) * 100) / 100,
    version: ctx.version ?? packageVersion(),
  });
  try {
    const routed = await routeToHost(spec, await validateInput(spec, raw), ctx);
    ctx = routed.ctx;
    const data = await spec.run(routed.input, ctx);
    return { envelope: { ok: true, command: path, data, meta: meta() }, exitCode: EXIT_OK };
  } catch (error) {
    const err = toOrcError(error);
    if (err.code === 'internal.error' && process.env.TMUX_ORC_DEBUG)
      process.stderr.write(`${(error as Error).stack}\n`);
    const json = err.toJSON();
    if (json.hint) json.hint = hintWithSocket(json.hint, ctx.globals);
    return { envelope: { ok: false, command: path, error: json, meta: meta() }, exitCode: err.exitCode };
  }
}

import { OrcError } from '../../src/errors.js';
import { defineCommand, type CommandContext, type CommandInput } from '../command-spec.js';
import { socketOptions } from '../socket-options.js';

/** The least length of a token from TMUX_ORC_WEB_TOKEN: a short one could be guessed by trying. */
const MIN_TOKEN_CHARS = 16;

/** `tmux-orc web`: the dashboard as a local web page, live, with the same actions. */
export const webCommand = defineCommand({
  name: 'web',
  description:
    "Serve the fleet as a live local web page until Ctrl-C or SIGTERM: the dashboard's table, each agent's " +
    'screen in its colours (xterm.js), and the same actions (send, approve, deny, restart, kill). It listens on ' +
    "127.0.0.1 unless --host says otherwise; the page's address, with a random token (TMUX_ORC_WEB_TOKEN sets it), " +
    'is printed on stderr, and every request without the token, or from another Host or Origin, is refused. When the ' +
    'hosts file names hosts (and no -H is given) the page shows every host, with a host column.',
  effect: 'change',
  idempotent: false,
  notForMcp: 'a page for people that runs until stopped; the agent_* tools do what its buttons do',
  options: [
    {
      flags: '-p, --port <port>',
      description: 'the port (0: any free one, printed)',
      type: 'integer',
      min: 0,
      max: 65535,
      default: 0,
    },
    {
      flags: '--host <host>',
      description:
        'the address to listen on; another than loopback makes the page reachable from other machines (with the token, in clear: put TLS in front)',
      default: '127.0.0.1',
      maxLength: 255,
    },
    { flags: '-s, --session <session>', description: "only this session's agents" },
    {
      flags: '-i, --interval <seconds>',
      description:
        'read every screen again this often (states reported by hooks, exits and windows come at once, as events)',
      type: 'number',
      min: 0.2,
      max: 3600,
      default: 1,
    },
  ],
  examples: [
    'tmux-orc web',
    'tmux-orc -L work web --port 8780',
    'TMUX_ORC_WEB_TOKEN=$(openssl rand -hex 32) tmux-orc web --port 8780',
  ],
  output: (z) => z.object({ url: z.string().describe('the page, without its token'), stopped: z.string() }),
  run: (input, ctx) => serve(input, ctx),
  human: () => '',
});

async function serve(input: CommandInput, ctx: CommandContext): Promise<{ url: string; stopped: string }> {
  const [{ parseHttpAddress, isLoopback }, { randomBytes }] = await Promise.all([
    import('../../reflect/http-guard.js'),
    import('node:crypto'),
  ]);
  const host = String(input.host);
  const address = parseHttpAddress(`${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${input.port}`);
  if (typeof address === 'string')
    throw new OrcError(
      'usage.invalid',
      `--host takes an address or a host name, got ${JSON.stringify(host.slice(0, 80))}`,
      { hint: 'e.g. --host 127.0.0.1' },
    );
  const given = process.env.TMUX_ORC_WEB_TOKEN;
  if (given !== undefined && (given.length < MIN_TOKEN_CHARS || !/^[A-Za-z0-9._~-]+$/.test(given))) {
    throw new OrcError(
      'usage.invalid',
      `TMUX_ORC_WEB_TOKEN must be at least ${MIN_TOKEN_CHARS} characters of A-Z a-z 0-9 . _ ~ -`,
      {
        hint: 'make one with: openssl rand -hex 32 (or leave it unset: tmux-orc makes one)',
      },
    );
  }
  const token = given ?? randomBytes(32).toString('base64url');
  const [{ serveWeb }, { loadWebAssets }, { FLEET_ACTIONS }, { openFleet }] = await Promise.all([
    import('../../web/serve-web.js'),
    import('../../web/web-assets.js'),
    import('../fleet-actions.js'),
    import('../open-fleet.js'),
  ]);
  const assets = loadWebAssets();
  const socket = socketOptions(ctx.globals);
  const fleet = await openFleet(ctx, {
    ...(input.session ? { session: input.session } : {}),
    refreshMs: input.interval * 1000,
  });
  const { source: watcher, commands } = fleet;
  const log = (line: string) => void process.stderr.write(`${line}\n`);
  try {
    await watcher.start();
    let served;
    try {
      served = await serveWeb({
        address,
        token,
        watcher,
        assets,
        actions: FLEET_ACTIONS,
        log,
        server:
          (socket.socketPath
            ? `-S ${socket.socketPath}`
            : socket.socketName
              ? `-L ${socket.socketName}`
              : 'default server') + (fleet.hosts.length ? ` · hosts: ${fleet.hosts.join(', ')}` : ''),
        act: async (action, target, text) => (await commands.act(action as never, target, text)) as never,
      });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException)?.code ?? String(error);
      throw new OrcError('web.listenFailed', `cannot listen on ${address.host}:${address.port} (${code})`, {
        hint:
          code === 'EADDRINUSE'
            ? 'another process uses that port: pick another, or 0 for any free one'
            : "is that address one of this machine's?",
      });
    }
    if (!isLoopback(address.host))
      log('tmux-orc web: reachable from other machines: anyone with the token can act on every agent');
    log(`tmux-orc web: open ${served.url}`);
    const stopped = await untilStopped(ctx.signal);
    log(`tmux-orc web: stopping: ${stopped}`);
    await served.close();
    return { url: served.url.replace(/\?token=.*$/, ''), stopped };
  } finally {
    watcher.stop();
    await fleet.close();
  }
}

/** Resolves with what stopped the server: SIGINT, SIGTERM, or the caller's signal. */
function untilStopped(signal?: AbortSignal): Promise<string> {
  return new Promise((resolve) => {
    const done = (reason: string) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      signal?.removeEventListener('abort', onAbort);
      resolve(reason);
    };
    const onInt = () => done('SIGINT');
    const onTerm = () => done('SIGTERM');
    const onAbort = () => done('aborted');
    process.once('SIGINT', onInt);
    process.once('SIGTERM', onTerm);
    signal?.addEventListener('abort', onAbort);
  });
}

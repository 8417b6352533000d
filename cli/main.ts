// The CLI's entry: scripts/bundle.mjs packs it (and what it imports) into dist/cli/bundle/cli.cjs, which the bin
// (cli/tmux-orc.cts) runs. No top-level await: the bundle is CommonJS, for V8's code cache.
import { TMUXManager } from '../src/manager/tmux-manager.js';
import { dropNpmEnvironment } from './npm-environment.js';
import type { ManagerGlobals } from './program-builder.js';
import { runProgram } from './run-program.js';

// Run by npx, this process carries npm's variables and PATH; the tmux server it may start, the windows it makes and
// the monitor daemon would pass them on to every agent (cli/npm-environment.ts).
dropNpmEnvironment();

/** The CLI's managers: one per tmux server a run reaches, each for one command line. */
function cliManager(globals: ManagerGlobals): TMUXManager {
  const transport = process.env.TMUX_ORC_TRANSPORT;
  return new TMUXManager({
    ...(globals.socketName ? { socketName: globals.socketName } : {}),
    ...(globals.socketPath ? { socketPath: globals.socketPath } : {}),
    ...(globals.remote ? { remote: globals.remote } : {}),
    ...(globals.tmuxBin ? { tmuxBin: globals.tmuxBin } : {}),
    transport: transport === 'spawn' || transport === 'control' ? transport : 'auto',
    // One command line, then exit: on tmux before 3.7 that opens no control client (docs/security.md).
    oneShot: true,
  });
}

// `tmux-orc reflect | head`: a reader that stops early is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});

async function main(): Promise<void> {
  const state = await runProgram(process.argv.slice(2), { manager: cliManager });
  process.exitCode = state.exitCode;
  // The run is over: detach from tmux without waiting for its client to exit.
  await Promise.all((state.createdManagers ?? []).map((m) => m.close({ wait: false })));
}

main().catch((error: unknown) => {
  process.stderr.write(`tmux-orc: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exitCode = 1;
});

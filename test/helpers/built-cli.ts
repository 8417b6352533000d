import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The built CLI that end-to-end tests spawn; `npm test` builds it first (pretest). */
export const BUILT_CLI = join(ROOT, 'dist', 'cli', 'tmux-orc.cjs');

/** Throws a clear message when the build is missing, instead of a spawn error. */
export function requireBuiltCli(): string {
  if (!existsSync(BUILT_CLI))
    throw new Error(`${BUILT_CLI} is missing: run \`npm run build\` (npm test does it for you)`);
  return BUILT_CLI;
}

/** What one run of the built CLI gave: its exit status and the `--json` envelope it printed. */
export interface CliRun<D = any> {
  status: number;
  envelope: { ok: boolean; command: string; data: D; error?: { code: string; message: string; hint?: string } };
  stderr: string;
}

/** Runs `tmux-orc -L <socket> --json <args>` (the built CLI) with an environment, and parses its envelope. */
export function runCli<D = any>(
  socketName: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  timeoutMs = 60_000,
): Promise<CliRun<D>> {
  const cli = requireBuiltCli();
  return import('node:child_process').then(
    ({ execFile }) =>
      new Promise((resolve, reject) => {
        execFile(
          process.execPath,
          [cli, '-L', socketName, '--json', ...args],
          { encoding: 'utf8', env, timeout: timeoutMs },
          (error, stdout, stderr) => {
            try {
              resolve({
                status: error ? (typeof error.code === 'number' ? error.code : -1) : 0,
                envelope: JSON.parse(stdout),
                stderr,
              });
            } catch {
              reject(
                new Error(
                  `tmux-orc ${args.join(' ')} printed no envelope (${error?.message ?? 'exit 0'}): ${stdout}${stderr}`,
                ),
              );
            }
          },
        );
      }),
  );
}

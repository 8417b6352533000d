import { delimiter, dirname } from 'node:path';

/** PATH entries that npm (npx, npm exec, npm run) prepends: every ancestor's node_modules/.bin and node-gyp-bin. */
const NPM_PATH_ENTRY = /[\\/]node_modules[\\/]\.bin[\\/]?$|[\\/]node-gyp-bin[\\/]?$/;

/**
 * The environment without what npm adds when it runs tmux-orc (`npx tmux-orc`, an MCP entry `npx tmux-orc mcp`):
 * its `npm_*` variables, `INIT_CWD`, the `node_modules/.bin` and node-gyp-bin entries it prepends to PATH, and (only
 * under npm) the NODE and COLOR it sets and the node directory it puts first when that directory comes later anyway.
 * tmux-orc hands its environment to the tmux server it starts, and tmux 3.3 hands a client's PATH to each window it
 * makes, so without this every agent would run with npm's configuration and the bins of whatever project npx ran in.
 */
export function withoutNpmEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const underNpm = ['npm_execpath', 'npm_lifecycle_event', 'npm_command'].some((k) => env[k] !== undefined);
  const nodeDir = env.npm_node_execpath ? dirname(env.npm_node_execpath) : undefined;
  const clean: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(env)) {
    if (key.startsWith('npm_') || key === 'INIT_CWD') continue;
    if (underNpm && (key === 'NODE' || key === 'COLOR')) continue;
    clean[key] = value;
  }
  if (env.PATH !== undefined) {
    const entries = env.PATH.split(delimiter).filter((p) => !NPM_PATH_ENTRY.test(p));
    if (underNpm && nodeDir !== undefined && entries[0] === nodeDir && entries.indexOf(nodeDir, 1) > 0) entries.shift();
    clean.PATH = entries.join(delimiter);
  }
  return clean;
}

/** Replaces process.env's contents with {@link withoutNpmEnvironment}'s, so every child process gets the clean one. */
export function dropNpmEnvironment(env: NodeJS.ProcessEnv = process.env): void {
  const clean = withoutNpmEnvironment(env);
  for (const key of Object.keys(env)) if (!(key in clean)) delete env[key];
  if (clean.PATH !== undefined) env.PATH = clean.PATH;
}

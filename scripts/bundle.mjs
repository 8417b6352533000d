#!/usr/bin/env node
// Bundles the CLI for a fast cold start (docs/benchmarks.md, "Cold start"). The sources stay the truth: this only
// packs cli/main.ts and what it imports. Output, in dist/cli/bundle/:
//
//   cli.cjs          our code + commander + quick-lru: all `tmux-orc list` reads and compiles
//   vendor-zod.cjs   zod (loaded by validation with a zod schema, team files, reflect, mcp)
//   vendor-mcp.cjs   the MCP SDK's server and types (loaded by `tmux-orc mcp` only; the stdio transport is ours)
//   vendor-mcp-http.cjs the SDK's Streamable HTTP server transport (loaded by `tmux-orc mcp --http` only)
//   vendor-re2js.cjs re2js, the linear-time regex engine (~260 KB; loaded by `agent wait --until text:` only)
//
// CommonJS, not ESM: Node 20 keeps no compile cache for ES modules, while the launcher (cli/tmux-orc.cts, the bin)
// can hand V8 a code cache for these files. Our imports of zod, the SDK and re2js are rewritten to require the
// vendor files, and every one of them sits behind a lazy import(), so a command loads only the parts it runs.
// After bundling, `warmCodeCache` runs the launcher once per part, so the first real run finds a cache too.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { chmodSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// --outdir <dir> writes the bundle elsewhere (to compare builds with `npm run bench -- --cli <dir>/tmux-orc.cjs`).
const at = process.argv.indexOf('--outdir');
const outdir = at > 0 ? process.argv[at + 1] : join('dist', 'cli');
const bundleDir = join(root, outdir, 'bundle');

/** Which vendor file and which of its exports each bare specifier becomes. */
const VENDOR = {
  zod: ['vendor-zod.cjs', 'zod'],
  'zod/v4': ['vendor-zod.cjs', 'v4'],
  'zod/v4-mini': ['vendor-zod.cjs', 'v4mini'],
  'zod/v3': ['vendor-zod.cjs', 'v3'],
  '@modelcontextprotocol/sdk/server/index.js': ['vendor-mcp.cjs', 'server'],
  '@modelcontextprotocol/sdk/types.js': ['vendor-mcp.cjs', 'types'],
  '@modelcontextprotocol/sdk/server/streamableHttp.js': ['vendor-mcp-http.cjs', 'streamableHttp'],
  re2js: ['vendor-re2js.cjs', 're2js'],
};

/**
 * Replaces imports of the vendored packages with `require('./vendor-x.cjs').name`, except inside the vendor file that
 * packs that package itself (`keep`). Any other subpath of them is an error, so nothing slips in twice.
 */
function vendorPlugin(keep) {
  return {
    name: 'vendor',
    setup(b) {
      b.onResolve({ filter: /^(zod|re2js|@modelcontextprotocol\/sdk)(\/|$)/ }, (args) => {
        const target = VENDOR[args.path];
        if (!target) return { errors: [{ text: `${args.path} is not in scripts/bundle.mjs VENDOR: add it there` }] };
        if (target[0] === keep) return undefined;
        return { path: args.path, namespace: 'vendor' };
      });
      b.onLoad({ filter: /.*/, namespace: 'vendor' }, (args) => {
        const [file, name] = VENDOR[args.path];
        return {
          contents: `module.exports = require(${JSON.stringify(`./${file}`)})[${JSON.stringify(name)}];`,
          loader: 'js',
        };
      });
      b.onResolve({ filter: /^\.\/vendor-[a-z0-9-]+\.cjs$/ }, (args) => ({ path: args.path, external: true }));
    },
  };
}

/**
 * Leaves out what tmux-orc never runs, from files that would load it anyway: zod's 40-odd message locales (zod
 * itself uses English; `z.locales` keeps `en`), and the SDK's default Ajv validator, which the server needs only to
 * check elicitation answers (reflect/mcp-server.ts passes its own and never elicits). ~440 KB less to load.
 */
const prunePlugin = {
  name: 'prune',
  setup(b) {
    b.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, () => ({
      contents: "export { default as en } from './en.js';",
      loader: 'js',
    }));
    b.onLoad(
      { filter: /[\\/]@modelcontextprotocol[\\/]sdk[\\/]dist[\\/](esm|cjs)[\\/]validation[\\/]ajv-provider\.js$/ },
      () => ({
        contents:
          "export class AjvJsonSchemaValidator { constructor() { throw new Error('this tmux-orc bundle has no Ajv: pass the Server a jsonSchemaValidator'); } }",
        loader: 'js',
      }),
    );
  },
};

const common = {
  absWorkingDir: root,
  // import() becomes require(): the launcher compiles these files with vm.Script, which has no module loader to hand
  // a dynamic import to (our own lazy modules are already inlined as lazy functions; this covers node built-ins).
  supported: { 'dynamic-import': false },
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'none',
  logLevel: 'warning',
};

/** A vendor file: an entry exporting each listed module as a namespace. */
function vendorEntry(file, packs) {
  const lines = Object.entries(VENDOR)
    .filter(([, [f]]) => f === file)
    .map(([spec, [, name]]) => `export * as ${name} from ${JSON.stringify(spec)};`);
  return build({
    ...common,
    stdin: { contents: lines.join('\n'), resolveDir: root, sourcefile: `${file}-entry.js`, loader: 'js' },
    outfile: join(bundleDir, file),
    plugins: [vendorPlugin(packs), prunePlugin],
  });
}

/**
 * The toolkit's entry (`tmux-orc/reflect`, dist/reflect/index.js, in place of tsc's): reflect/'s modules in one ES
 * module. The SDK comes from the CLI's vendor file, so a user installs no SDK and the tarball holds it once; the rest
 * of tmux-orc stays tsc's files, imported as they are (dist/src, dist/cli), and zod stays the package's dependency.
 */
function toolkitEntry() {
  const sdk = (path) => VENDOR[path];
  return build({
    ...common,
    entryPoints: ['reflect/index.ts'],
    outfile: join(root, outdir, '..', 'reflect', 'index.js'),
    format: 'esm',
    supported: {},
    banner: {
      js: "import { createRequire as __tmuxOrcRequire } from 'node:module'; const require = __tmuxOrcRequire(import.meta.url);",
    },
    plugins: [
      {
        name: 'toolkit',
        setup(b) {
          b.onResolve({ filter: /^@modelcontextprotocol\/sdk\// }, (args) =>
            sdk(args.path)
              ? { path: args.path, namespace: 'vendor' }
              : { errors: [{ text: `${args.path} is not in scripts/bundle.mjs VENDOR: add it there` }] },
          );
          b.onLoad({ filter: /.*/, namespace: 'vendor' }, (args) => {
            const [file, name] = sdk(args.path);
            return {
              contents: `module.exports = require(${JSON.stringify(`../cli/bundle/${file}`)})[${JSON.stringify(name)}];`,
              loader: 'js',
            };
          });
          b.onResolve({ filter: /^\.\.\/cli\/bundle\/vendor-[a-z0-9-]+\.cjs$/ }, (args) => ({
            path: args.path,
            external: true,
          }));
          // What lies outside reflect/ is imported from tsc's output, one level up as in the sources.
          b.onResolve({ filter: /^\.\.\// }, (args) =>
            args.importer.includes(`${join(root, 'reflect')}/`) ? { path: args.path, external: true } : undefined,
          );
          b.onResolve({ filter: /^[^./]/ }, (args) =>
            args.path.startsWith('node:') || !args.path.startsWith('@modelcontextprotocol')
              ? { path: args.path, external: true }
              : undefined,
          );
        },
      },
    ],
  });
}

rmSync(bundleDir, { recursive: true, force: true });
await Promise.all([
  build({
    ...common,
    entryPoints: ['cli/main.ts'],
    outfile: join(bundleDir, 'cli.cjs'),
    sourcemap: 'linked',
    // version.ts and daemon.ts find the package root from their own file.
    define: { 'import.meta.url': '__tmuxOrcFileUrl' },
    banner: { js: "const __tmuxOrcFileUrl = require('node:url').pathToFileURL(__filename).href;" },
    plugins: [vendorPlugin(null)],
  }),
  vendorEntry('vendor-zod.cjs', 'vendor-zod.cjs'),
  vendorEntry('vendor-mcp.cjs', 'vendor-mcp.cjs'),
  vendorEntry('vendor-mcp-http.cjs', 'vendor-mcp-http.cjs'),
  vendorEntry('vendor-re2js.cjs', 'vendor-re2js.cjs'),
  // Only for the real build: a bundle written elsewhere (--outdir) is for comparing CLIs.
  ...(at > 0 ? [] : [toolkitEntry()]),
  // The bin: installs the code cache, then requires bundle/cli.cjs (tsc compiles it too; this copy is the same code).
  build({ ...common, entryPoints: ['cli/tmux-orc.cts'], outfile: join(root, outdir, 'tmux-orc.cjs'), bundle: false }),
]);

// The bin runs as a program wherever it is linked from (npm link, a symlink on PATH), not only once npm installs it.
chmodSync(join(root, outdir, 'tmux-orc.cjs'), 0o755);

warmCodeCache();

/**
 * Runs the launcher on the commands whose start-up matters, so V8's code cache for every file is written now and not
 * on a user's first run, and holds what each of them compiles (TMUX_ORC_REFRESH_CODE_CACHE makes every run add to
 * it). `list` and `status` run against a private tmux server of its own (killed after; skipped if tmux is missing).
 * Best effort: a failure only means the first runs compile as usual.
 */
function warmCodeCache() {
  const launcher = join(root, outdir, 'tmux-orc.cjs');
  const socket = `tmux-orc-warm-${process.pid}`;
  const initialize = `${JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'warm', version: '0' } } })}\n`;
  const env = { ...process.env, TMUX_ORC_REFRESH_CODE_CACHE: '1' };
  const quietly = (file, args, input = '') => {
    try {
      execFileSync(file, args, { input, env, stdio: ['pipe', 'ignore', 'ignore'], timeout: 30000 });
    } catch {
      // warming is an optimisation
    }
  };
  const fresh = `${socket}-new`;
  quietly('tmux', ['-L', socket, '-f', '/dev/null', 'new-session', '-d', '-s', 'warm', 'sleep', '60']);
  try {
    for (const [argv, input] of [
      [['-L', socket, 'list', '--json']],
      [['-L', socket, 'status', '--json']],
      [['-L', `${socket}-none`, 'list', '--json']],
      [['-L', socket, 'mcp'], initialize],
      [['--help']],
      [['reflect', '--format', 'json']],
      [['-L', fresh, 'session', 'new', 'warm', '--json', '--', 'sleep', '60']],
    ]) {
      quietly(process.execPath, [launcher, ...argv], input);
    }
  } finally {
    for (const name of [socket, fresh]) {
      quietly('tmux', ['-L', name, 'kill-server']);
      // tmux 3.3 leaves the socket file behind.
      rmSync(join(process.env.TMUX_TMPDIR ?? '/tmp', `tmux-${process.getuid?.() ?? 0}`, name), { force: true });
    }
  }
}

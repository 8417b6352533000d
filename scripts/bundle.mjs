#!/usr/bin/env node
// Bundles the CLI for a fast cold start: one ESM file per lazy part instead of ~70 modules plus commander's, so
// `tmux-orc list` reads, compiles and links a handful of files. It writes dist/cli/main.js over tsc's output of that
// file, so `bin` and the end-to-end tests keep the same path; the rest of dist/ (tsc's) stays for the library and
// the benchmarks. The sources (cli/main.ts and what it imports) remain the truth: this only packs them.
//
// zod, the MCP SDK and execa stay external, loaded from node_modules when a command imports them lazily: the
// cold path never sees them, and test/e2e/cold-start.test.ts can still prove it by their bare specifiers.
// `--bundle-heavy` packs them too: `tmux-orc mcp` then starts faster (docs/benchmarks.md has the numbers), but
// that guard no longer sees a `zod` import to stop.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const heavy = process.argv.includes('--bundle-heavy');
// --outdir <dir> writes the bundle elsewhere (to compare variants with `npm run bench -- --cli <dir>/main.js`).
const at = process.argv.indexOf('--outdir');
const outdir = at > 0 ? process.argv[at + 1] : join('dist', 'cli');

// Chunk names carry content hashes: drop the last build's so stale chunks do not pile up.
rmSync(join(root, outdir, 'chunks'), { recursive: true, force: true });

await build({
  absWorkingDir: root,
  entryPoints: { main: 'cli/main.ts' },
  outdir,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: heavy ? [] : ['zod', 'zod/*', '@modelcontextprotocol/sdk', '@modelcontextprotocol/sdk/*', 'execa'],
  // commander (and ajv, with --bundle-heavy) are CommonJS and call require() for node built-ins.
  banner: { js: "import { createRequire as __tmuxOrcRequire } from 'node:module'; const require = __tmuxOrcRequire(import.meta.url);" },
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: 'linked',
  logLevel: 'warning',
});

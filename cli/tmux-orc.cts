#!/usr/bin/env node
// The `tmux-orc` bin. It gives V8 a code cache for the bundled CLI (bundle/*.cjs, built by scripts/bundle.mjs), then
// runs it. Compiling the bundle is a large part of a cold start and Node 20 caches no compiled code of its own
// (module.enableCompileCache is Node 22), so this does what it would: each bundle file is compiled with the cached
// data V8 wrote after an earlier run, and when there is none, or V8 rejects it (another Node, a rebuilt file, a
// damaged cache), the file compiles as usual and a fresh cache is written when the process exits (see pickCacheDir
// for where). Writing is best effort: with nowhere to write it simply runs without a cache. docs/benchmarks.md has
// the measurements.
//
// TMUX_ORC_REFRESH_CODE_CACHE=1 (used by the build's warm-up, scripts/bundle.mjs) rewrites the cache even when V8
// accepted it: the new one then holds what the earlier runs compiled plus what this run did, so a few warm-up runs
// (list, status, mcp, help) leave one cache covering all of them.
import fs = require('node:fs');
import Module = require('node:module');
import path = require('node:path');
import vm = require('node:vm');

const bundleDir = path.join(__dirname, 'bundle');
const toWrite: { file: string; script: vm.Script }[] = [];

/**
 * Where the cache lives: next to the bundle when this user may write there (a clone, an install of one's own: it goes
 * with the bundle), else a per-user cache dir, `$XDG_CACHE_HOME/tmux-orc/v8` (`~/.cache/...`), keyed by the bundle's
 * folder so two installs never share one. No cache ships in the package: it is tied to one Node version and arch.
 */
function pickCacheDir(): { dir: string; prefix: string } {
  try {
    fs.accessSync(bundleDir, fs.constants.W_OK);
    return { dir: path.join(bundleDir, '.v8-cache'), prefix: '' };
  } catch {
    const base = process.env.XDG_CACHE_HOME || path.join(require('node:os').homedir(), '.cache');
    const key = require('node:crypto').createHash('sha1').update(bundleDir).digest('hex').slice(0, 12);
    return { dir: path.join(base, 'tmux-orc', 'v8'), prefix: `${key}-` };
  }
}
const { dir: cacheDir, prefix } = pickCacheDir();

type Compile = (this: Module, content: string, filename: string) => unknown;
const proto = Module.prototype as unknown as { _compile: Compile };
const compile = proto._compile;

proto._compile = function compileWithCache(this: Module, content: string, filename: string): unknown {
  // The bundles hold no import() (scripts/bundle.mjs turns it into require): a vm.Script has no loader for one.
  if (path.dirname(filename) !== bundleDir) return compile.call(this, content, filename);
  const stat = fs.statSync(filename);
  const key = `${stat.size}-${Math.trunc(stat.mtimeMs)}-${process.version}-${process.arch}`;
  const file = path.join(cacheDir, `${prefix}${path.basename(filename)}-${key}.bin`);
  let cachedData: Buffer | undefined;
  try {
    cachedData = fs.readFileSync(file);
  } catch {
    // no cache yet
  }
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${content}\n})`, {
    filename,
    ...(cachedData ? { cachedData } : {}),
  });
  if (!cachedData || script.cachedDataRejected || process.env.TMUX_ORC_REFRESH_CODE_CACHE === '1')
    toWrite.push({ file, script });
  const wrapper = script.runInThisContext() as (...args: unknown[]) => unknown;
  return wrapper.call(this.exports, this.exports, Module.createRequire(filename), this, filename, bundleDir);
};

// After the run, so the cache holds the functions this run compiled, not only the top level.
process.once('exit', () => {
  for (const { file, script } of toWrite) {
    try {
      fs.mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
      const temp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(temp, script.createCachedData());
      fs.renameSync(temp, file);
    } catch {
      // a read-only install: run without a cache
    }
  }
});

require('./bundle/cli.cjs');

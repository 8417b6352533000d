import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A file the web server sends as it is. */
export interface Asset {
  type: string;
  body: Buffer;
}

/** The page's files (web/page/) and xterm.js, read once at start; `/` is rendered from index.html per token. */
export interface WebAssets {
  index: string;
  files: ReadonlyMap<string, Asset>;
}

const PAGE_FILES: Record<string, [string, string]> = {
  '/app.js': ['app.js', 'text/javascript; charset=utf-8'],
  '/app.css': ['app.css', 'text/css; charset=utf-8'],
};

/**
 * Reads the page (web/page/ in the sources, dist/web/page/ in a build: scripts/copy-assets.mjs puts it there; the
 * bundled CLI runs from dist/cli/bundle/, so the folders above are looked in too) and xterm.js from node_modules, where
 * npm installed it as a dependency: the page loads nothing from anywhere else.
 */
export function loadWebAssets(): WebAssets {
  const page = findPageDir();
  const files = new Map<string, Asset>();
  for (const [path, [name, type]] of Object.entries(PAGE_FILES))
    files.set(path, { type, body: readFileSync(join(page, name)) });
  const xterm = dirname(dirname(createRequire(import.meta.url).resolve('@xterm/xterm')));
  files.set('/vendor/xterm.js', {
    type: 'text/javascript; charset=utf-8',
    body: withoutSourceMap(readFileSync(join(xterm, 'lib', 'xterm.js'))),
  });
  files.set('/vendor/xterm.css', {
    type: 'text/css; charset=utf-8',
    body: readFileSync(join(xterm, 'css', 'xterm.css')),
  });
  return { index: readFileSync(join(page, 'index.html'), 'utf8'), files };
}

function findPageDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, 'page')];
  for (let dir = here, i = 0; i < 5; i++, dir = dirname(dir))
    candidates.push(join(dir, 'web', 'page'), join(dir, 'dist', 'web', 'page'));
  for (const dir of candidates) {
    try {
      readFileSync(join(dir, 'index.html'));
      return dir;
    } catch {
      // not here; the next place
    }
  }
  throw new Error(`the web page is missing from the tmux-orc package (looked in ${candidates.slice(0, 3).join(', ')})`);
}

// A devtools window would ask for the map, which is not served: without the comment it does not ask.
function withoutSourceMap(body: Buffer): Buffer {
  return Buffer.from(body.toString('utf8').replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n'));
}

/** Text for an HTML element or a double-quoted attribute: `&`, `<`, `>`, `"` and `'` escaped. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** The page for one token: index.html with `{{token}}` (URL-encoded, then escaped) and `{{server}}` filled in. */
export function renderIndex(index: string, token: string, server: string): string {
  return index
    .replaceAll('{{token}}', escapeHtml(encodeURIComponent(token)))
    .replaceAll('{{server}}', escapeHtml(server));
}

import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { ROOT } from '../../helpers/built-cli.js';

// The code base's modules import each other one way (CLI or MCP -> command handler -> core -> tmux): no module reaches
// itself again through imports, static or dynamic (`import()`). Type-only imports are left out: they vanish at build.
const DIRS = ['src', 'cli', 'reflect', 'web'];

function sources(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(ts|cts|mts)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) found.push(path);
    }
  };
  for (const dir of DIRS) walk(join(ROOT, dir));
  return found;
}

/** The relative modules a file imports at run time. */
export function runtimeImports(file: string, text: string): string[] {
  const specs: string[] = [];
  for (const m of text.matchAll(
    /(?:^|\n)\s*(?:import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?'(\.[^']+)'|import\(\s*'(\.[^']+)'\s*\)/g,
  )) {
    if (m[1]) continue;
    specs.push(m[2] ?? m[3]!);
  }
  return specs.map((spec) => resolve(dirname(file), spec).replace(/\.(c|m)?js$/, '.$1ts'));
}

/** The strongly connected groups of more than one module (Tarjan's algorithm), or a module that imports itself. */
function cycles(edges: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!edges.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const group: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      group.push(w);
    } while (w !== v);
    if (group.length > 1 || edges.get(v)!.includes(v)) found.push(group);
  };
  for (const v of edges.keys()) if (!index.has(v)) visit(v);
  return found;
}

test('no import cycle in src, cli, reflect and web', () => {
  const edges = new Map(sources().map((file) => [file, runtimeImports(file, readFileSync(file, 'utf8'))]));
  expect(edges.size).toBeGreaterThan(100);
  expect(cycles(edges).map((group) => group.map((f) => relative(ROOT, f)).sort())).toEqual([]);
});

test('the scan sees static, re-exported and dynamic imports, and skips type-only ones', () => {
  const text =
    "import { a } from './a.js';\nexport { b } from './b.js';\nimport type { C } from './c.js';\nconst d = await import('./d.js');\nimport './e.js';";
  expect(runtimeImports('/x/m.ts', text).map((f) => relative('/x', f))).toEqual(['a.ts', 'b.ts', 'd.ts', 'e.ts']);
});

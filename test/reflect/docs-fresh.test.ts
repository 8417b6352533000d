import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildProgram } from '../../cli/build-program.js';
import { renderDocs, type Docs } from '../../reflect/render-markdown.js';
import { ROOT } from '../helpers/built-cli.js';

// docs/cli.md and docs/mcp-tools.md are generated from the command tree; a new or changed command makes them stale.
const HOW =
  'regenerate with `npm run docs` (npm run build && node dist/cli/tmux-orc.cjs reflect --format markdown --write docs) and commit the result';

let docs: Docs;
beforeAll(async () => {
  docs = await renderDocs(buildProgram().program);
});

test.each(['cli.md', 'mcp-tools.md'] as const)('docs/%s matches the command tree', (name) => {
  const path = join(ROOT, 'docs', name);
  let onDisk: string;
  try {
    onDisk = readFileSync(path, 'utf8');
  } catch {
    throw new Error(`docs/${name} is missing: ${HOW}`);
  }
  if (onDisk === docs[name]) return;
  const want = docs[name].split('\n');
  const have = onDisk.split('\n');
  const found = want.findIndex((l, i) => l !== have[i]);
  const line = found === -1 ? want.length : found;
  throw new Error(
    `docs/${name} is stale: ${HOW}.\nFirst difference at line ${line + 1}:\n  on disk:   ${have[line] ?? '(end of file)'}\n  generated: ${want[line] ?? '(end of file)'}`,
  );
});

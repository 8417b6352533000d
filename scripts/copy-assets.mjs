#!/usr/bin/env node
// Copies the files the build needs besides compiled code into dist/, at the same place under dist/ as in the
// sources: src/agents/hooks/tmux-orc-hook.sh, the hook script the agents' CLIs run (src/agents/hooks/hook-script.ts
// finds it there, next to its compiled module); web/page/*, the web dashboard's page (web/web-assets.ts).
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ASSETS = ['src/agents/hooks/tmux-orc-hook.sh', 'web/page/index.html', 'web/page/app.js', 'web/page/app.css'];

for (const asset of ASSETS) {
  const to = join(root, 'dist', asset);
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(join(root, asset), to);
}

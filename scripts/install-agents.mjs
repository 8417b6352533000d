#!/usr/bin/env node
// Installs the pinned real agent CLIs into the git-ignored .agents-cache/ (never into the package's
// dependencies), so test/real-agents/ can drive them offline against test/fake-llm/. Idempotent: when every
// pinned version is already there it returns at once. Run: npm run agents:install
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The versions test/real-agents/ is written against; docs/real-agents.md records what each one does. */
export const PINNED = {
  '@anthropic-ai/claude-code': '2.1.197',
  '@openai/codex': '0.171.0',
  '@google/gemini-cli': '0.61.0',
  'opencode-ai': '1.18.33',
};

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cache = join(root, '.agents-cache');

function installedVersion(name) {
  try {
    return JSON.parse(readFileSync(join(cache, 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

/** Installs what is missing; returns the process exit code. */
function install() {
  const missing = Object.entries(PINNED).filter(([name, version]) => installedVersion(name) !== version);
  if (missing.length === 0) {
    console.log(
      `agents:install: ${Object.entries(PINNED)
        .map(([n, v]) => `${n}@${v}`)
        .join(', ')} already in .agents-cache/`,
    );
    return 0;
  }

  mkdirSync(cache, { recursive: true });
  // A package.json of its own keeps npm from walking up into this repository's.
  const manifest = join(cache, 'package.json');
  if (!existsSync(manifest))
    writeFileSync(manifest, `${JSON.stringify({ name: 'tmux-orc-agents-cache', private: true }, null, 2)}\n`);
  const specs = Object.entries(PINNED).map(([name, version]) => `${name}@${version}`);
  console.log(`agents:install: installing ${missing.map(([n, v]) => `${n}@${v}`).join(', ')} into .agents-cache/`);
  execFileSync(
    'npm',
    ['install', '--prefix', cache, '--save-exact', '--no-audit', '--no-fund', '--loglevel=error', ...specs],
    {
      stdio: 'inherit',
      env: { ...process.env, DISABLE_AUTOUPDATER: '1' },
    },
  );
  const still = Object.entries(PINNED).filter(([name, version]) => installedVersion(name) !== version);
  if (still.length > 0) {
    console.error(`agents:install: still missing after npm install: ${still.map(([n, v]) => `${n}@${v}`).join(', ')}`);
    return 1;
  }
  console.log('agents:install: done');
  return 0;
}

// Imported (test/real-agents/agent-env.mjs reads PINNED), it installs nothing.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exitCode = install();

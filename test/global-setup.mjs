// Before any test worker starts: every test gets throwaway state, cache and runtime folders (the jest workers and every
// process they start inherit this environment), so nothing a test runs writes into the real HOME.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function globalSetup() {
  const root = mkdtempSync(join(tmpdir(), 'tmux-orc-tests-'));
  for (const sub of ['state', 'cache', 'runtime', 'config']) mkdirSync(join(root, sub), { mode: 0o700 });
  process.env.TMUX_ORC_TEST_ROOT = root;
  process.env.TMUX_ORC_STATE_DIR = join(root, 'state');
  process.env.XDG_CACHE_HOME = join(root, 'cache');
  process.env.XDG_RUNTIME_DIR = join(root, 'runtime');
  process.env.XDG_CONFIG_HOME = join(root, 'config');
}

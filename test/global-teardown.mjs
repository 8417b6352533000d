// After the last test: the throwaway folders of global-setup.mjs go.
import { rmSync } from 'node:fs';

export default function globalTeardown() {
  if (process.env.TMUX_ORC_TEST_ROOT) rmSync(process.env.TMUX_ORC_TEST_ROOT, { recursive: true, force: true });
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { realHookSuite } from './real-hook-suite.js';

// Gemini CLI 0.61.0: hooks in a system defaults file of ours (GEMINI_CLI_SYSTEM_DEFAULTS_PATH), which Gemini reads
// only when it and every folder above it are root's and nobody else may write them: a state directory under the
// worktree, as root. Its permission notification names no tool (the script takes BeforeTool's); it has no hook for a
// turn that ends on an API error.
realHookSuite({
  kind: 'gemini',
  quit: '/quit',
  tool: 'run_shell_command',
  secureStateDir: true,
  installed(launch, h) {
    expect(launch.env.GEMINI_CLI_SYSTEM_DEFAULTS_PATH?.startsWith(join(h.stateDir, 'hooks'))).toBe(true);
  },
  untouched(h) {
    const settings = readFileSync(join(h.home, '.gemini', 'settings.json'), 'utf8');
    expect(settings).not.toMatch(/hooks|tmux-orc/);
    expect(readFileSync(join(h.home, '.gemini', 'trustedFolders.json'), 'utf8')).not.toMatch(/tmux-orc/);
  },
});

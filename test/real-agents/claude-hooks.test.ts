import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { realHookSuite } from './real-hook-suite.js';

// Claude Code 2.1.197 with --settings <file>: every event, StopFailure included (no retries here, so a 429 ends the
// turn at once instead of after 10 attempts).
realHookSuite({
  kind: 'claude',
  quit: '/exit',
  tool: 'Bash',
  spawnEnv: { CLAUDE_CODE_MAX_RETRIES: '0' },
  error: { message: 'hooks: this one is rate limited RATE429', detail: /^rate_limit: API Error: .*429/ },
  installed(launch, h) {
    const at = launch.argv.indexOf('--settings');
    expect(at).toBeGreaterThan(0);
    expect(launch.argv[at + 1]!.startsWith(join(h.stateDir, 'hooks'))).toBe(true);
  },
  untouched(h) {
    // prepareAgent wrote ~/.claude.json; Claude Code adds to it, but never hooks. No user settings file appears.
    expect(existsSync(join(h.home, '.claude', 'settings.json'))).toBe(false);
    expect(existsSync(join(h.home, '.claude', 'settings.local.json'))).toBe(false);
    expect(readFileSync(join(h.home, '.claude.json'), 'utf8')).not.toMatch(/hooks|tmux-orc/);
    expect(existsSync(join(h.cwd, '.claude', 'settings.json'))).toBe(false);
  },
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readHookOptions } from '../helpers/hook-options.js';
import { paneLaunch } from '../helpers/pane-launch.js';
import { step } from './real-agent-suite.js';
import { realHookSuite } from './real-hook-suite.js';

// Codex 0.171.0: every hook with -c overrides, which run without the "Hooks need review" dialog only under
// --dangerously-bypass-hook-trust (TMUX_ORC_CODEX_HOOK_TRUST=bypass); without it, notify alone (turn complete).
// Codex has no hook for a turn that ends on an API error.
realHookSuite({
  kind: 'codex',
  quit: '/quit',
  tool: 'Bash',
  sessionOnFirstPrompt: true,
  cliEnv: { TMUX_ORC_CODEX_HOOK_TRUST: 'bypass' },
  installed(launch, h) {
    expect(launch.argv).toContain('--dangerously-bypass-hook-trust');
    const hooks = launch.argv.filter((a) => a.startsWith('hooks.') && a.includes(join(h.stateDir, 'hooks')));
    expect(hooks).toHaveLength(7);
  },
  untouched(h) {
    // Codex adds to its config.toml as it runs ([tui] notes), but no hooks, no trust and no notify of ours.
    expect(readFileSync(join(h.home, '.codex', 'config.toml'), 'utf8')).not.toMatch(/hooks|notify|tmux-orc/);
  },
  more(harness) {
    step('by default only notify, no trust step: one stop per turn, none for the side thread naming it', async () => {
      const h = harness();
      const spawned = await h.spawn('notify');
      expect(spawned).toMatchObject({ ok: true, data: { ready: true, state: 'idle' } });
      if (!spawned.ok) return;
      const { target, paneId } = spawned.data.agent;
      const { argv } = paneLaunch(h.tmux, paneId);
      expect(argv).not.toContain('--dangerously-bypass-hook-trust');
      expect(argv.some((a) => a.startsWith('notify=['))).toBe(true);
      // The first prompt makes Codex name the thread in a side turn, which ends long before this slow one.
      expect(await h.cli('agent', 'send', target, 'hooks: answer this one slowly SLOW3')).toMatchObject({ ok: true });
      expect(await h.cli('agent', 'wait', target, '--until', 'busy', '--timeout', '10')).toMatchObject({ ok: true });
      await new Promise((r) => setTimeout(r, 1500));
      expect(readHookOptions(h.tmux, paneId)).toEqual({ events: {} });
      expect(await h.cli('agent', 'wait', target, '--until', 'idle', '--timeout', '30')).toMatchObject({ ok: true });
      for (const end = Date.now() + 10_000; readHookOptions(h.tmux, paneId).seq === undefined && Date.now() < end;) {
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(readHookOptions(h.tmux, paneId)).toMatchObject({ seq: 1, last: '1 stop', events: { stop: { seq: 1 } } });
      expect(await h.cli('agent', 'kill', target)).toMatchObject({ ok: true });
    });
  },
});

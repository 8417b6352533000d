import type { PrivateTmux } from './private-tmux.js';

/**
 * Writes a hook event into a pane's options the way tmux-orc's hook script does (src/agents/hooks/), then signals the
 * hook channel: for tests of the reading side without a CLI.
 */
export function fireHook(tmux: PrivateTmux, pane: string, event: string, detail = '', signal = true): void {
  const at = Date.now();
  tmux.tmux(
    'set-option',
    '-p',
    '-F',
    '-t',
    pane,
    '@tmux-orc-hook-seq',
    '#{e|+:#{@tmux-orc-hook-seq},1}',
    ';',
    'set-option',
    '-p',
    '-F',
    '-t',
    pane,
    `@tmux-orc-hook-${event}`,
    `#{@tmux-orc-hook-seq} ${at}${detail ? ` ${detail.replaceAll('#', '##')}` : ''}`,
    ';',
    'set-option',
    '-p',
    '-F',
    '-t',
    pane,
    '@tmux-orc-hook-last',
    `#{@tmux-orc-hook-seq} ${event}`,
  );
  if (signal) tmux.tmux('wait-for', '-S', 'tmux-orc-hook');
}

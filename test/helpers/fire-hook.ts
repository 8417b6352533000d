import type { PrivateTmux } from './private-tmux.js';

/**
 * The tmux command list that writes a hook event into a pane's options the way tmux-orc's hook script does
 * (src/agents/hooks/): the next sequence number, the event with it and the time, and which event came last.
 */
export function hookEventArgs(pane: string, event: string, at = Date.now(), detail = ''): string[] {
  const set = (option: string, value: string) => ['set-option', '-p', '-F', '-t', pane, option, value];
  return [
    ...set('@tmux-orc-hook-seq', '#{e|+:#{@tmux-orc-hook-seq},1}'),
    ';',
    ...set(`@tmux-orc-hook-${event}`, `#{@tmux-orc-hook-seq} ${at}${detail ? ` ${detail.replaceAll('#', '##')}` : ''}`),
    ';',
    ...set('@tmux-orc-hook-last', `#{@tmux-orc-hook-seq} ${event}`),
  ];
}

/** Writes a hook event into a pane (hookEventArgs), then signals the hook channel: tests of the reading side. */
export function fireHook(tmux: PrivateTmux, pane: string, event: string, detail = '', signal = true): void {
  tmux.tmux(...hookEventArgs(pane, event, Date.now(), detail));
  if (signal) tmux.tmux('wait-for', '-S', 'tmux-orc-hook');
}

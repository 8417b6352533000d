/**
 * Makes text literal where tmux expands formats: tmux runs `#(command)` and expands `#{...}` in names and paths it is
 * given (`new-session -s`, `new-window -n`, `-c`, `rename-window`, `select-pane -T`, ...), and `##` is its escape for
 * one `#`. Every argument of that kind that carries user text goes through here, and nowhere else is a `#` doubled.
 * @example escapeFormat('p#{pid}#(id)') // => 'p##{pid}##(id)'
 */
export function escapeFormat(text: string): string {
  return text.replaceAll('#', '##');
}

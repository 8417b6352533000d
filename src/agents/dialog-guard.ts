import type { AgentKind } from './agent-state.js';
import { kindProfile } from './kind-profiles.js';

/** A literal inside a tmux format argument: `#`, `,` and `}` are escaped with `#`. */
function formatLiteral(text: string): string {
  return text.replace(/[#,}]/g, (ch) => `#${ch}`);
}

/** A glob that matches the text literally (fnmatch's `*`, `?` and `[` escaped). */
function globLiteral(text: string): string {
  return formatLiteral(text.replace(/[*?[\\]/g, (ch) => `\\${ch}`));
}

/** Joins format conditions with tmux's two-argument `&&` or `||`. */
function join(op: '&&' | '||', terms: readonly string[]): string {
  return terms.reduce((acc, term) => `#{${op}:${acc},${term}}`);
}

/**
 * The tmux format that is true while a kind's dialog (a permission prompt, a usage-limit choice) is on the screen,
 * for `if-shell -F` to check in the same step as a key press: tmux reads the pane's visible screen (`#{C:text}`) and
 * title, so no prompt that came up after our last look can take a typed message or an Enter. undefined for kinds
 * without dialogs (shell, custom).
 * @example dialogCondition('claude') // '#{||:#{&&:#{C:Do you want to proceed},#{C:1. Yes}},...}'
 */
export function dialogCondition(kind: AgentKind): string | undefined {
  const dialog = kindProfile(kind).dialog;
  if (!dialog) return undefined;
  const terms = [
    ...(dialog.title ?? []).map((word) => `#{m:*${globLiteral(word)}*,#{pane_title}}`),
    ...(dialog.screen ?? []).map((group) =>
      join(
        '&&',
        group.map((text) => `#{C:${formatLiteral(text)}}`),
      ),
    ),
  ];
  return terms.length ? join('||', terms) : undefined;
}

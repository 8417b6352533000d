import type { AgentKind } from './agent-state.js';

/** How to start, pace and answer one kind of agent program. */
export interface KindProfile {
  /** The program and arguments used when none is given. */
  defaultCommand: readonly string[];
  /** Environment the program needs to run interactively in a pane; `--env` overrides it. */
  defaultEnv?: Readonly<Record<string, string>>;
  /**
   * Wait before Enter after typed text, counted from when the input box shows it (for shell and custom, which draw
   * no box, from the typing). An Enter that comes with the text is dropped by every CLI; once the box shows the text,
   * Claude Code and Codex take an Enter at once, Gemini CLI drops one that follows within ~30 ms (measured on the
   * real CLIs, docs/real-agents.md).
   */
  typeEnterDelayMs: number;
  /** The same after a bracketed paste. */
  pasteEnterDelayMs: number;
  /** How long spawn waits for the first idle screen. */
  readyTimeoutMs: number;
  /** Keys that accept a waiting prompt once, accept it for good, and refuse it. */
  approveKeys: readonly string[];
  approveAlwaysKeys: readonly string[];
  denyKeys: readonly string[];
  /**
   * Output only ever scrolls up from the bottom (a shell): `agent read --since` then looks for the earlier lines
   * only, never for a TUI drawing new lines above its input box, which repeated output could seem to be.
   */
  appendsOutput?: true;
}

const PROFILES: Record<AgentKind, KindProfile> = {
  claude: { defaultCommand: ['claude'], typeEnterDelayMs: 10, pasteEnterDelayMs: 20, readyTimeoutMs: 30000, approveKeys: ['1'], approveAlwaysKeys: ['2'], denyKeys: ['Escape'] },
  // Codex 0.171 labels its options (y), (p) "don't ask again for commands that start with ...", and (esc).
  codex: { defaultCommand: ['codex'], typeEnterDelayMs: 10, pasteEnterDelayMs: 20, readyTimeoutMs: 30000, approveKeys: ['y'], approveAlwaysKeys: ['p'], denyKeys: ['Escape'] },
  // Gemini's option lists take the option's digit at once, whichever option the cursor is on.
  // Gemini CLI turns headless when CI=true (inherited from a tmux server started in CI) and exits 42 at start.
  gemini: { defaultCommand: ['gemini'], defaultEnv: { CI: 'false' }, typeEnterDelayMs: 100, pasteEnterDelayMs: 150, readyTimeoutMs: 45000, approveKeys: ['1'], approveAlwaysKeys: ['2'], denyKeys: ['Escape'] },
  aider: { defaultCommand: ['aider'], typeEnterDelayMs: 100, pasteEnterDelayMs: 300, readyTimeoutMs: 30000, approveKeys: ['y', 'Enter'], approveAlwaysKeys: ['a', 'Enter'], denyKeys: ['n', 'Enter'] },
  shell: { defaultCommand: [process.env.SHELL || 'bash'], typeEnterDelayMs: 50, pasteEnterDelayMs: 150, readyTimeoutMs: 10000, approveKeys: ['y', 'Enter'], approveAlwaysKeys: ['y', 'Enter'], denyKeys: ['n', 'Enter'], appendsOutput: true },
  custom: { defaultCommand: [], typeEnterDelayMs: 120, pasteEnterDelayMs: 300, readyTimeoutMs: 30000, approveKeys: ['y', 'Enter'], approveAlwaysKeys: ['y', 'Enter'], denyKeys: ['n', 'Enter'] },
};

/** The profile of a kind. */
export function kindProfile(kind: AgentKind): KindProfile {
  return PROFILES[kind];
}

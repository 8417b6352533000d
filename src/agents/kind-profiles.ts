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
  /**
   * The same after a bracketed paste. Claude Code and Codex took an Enter at 0 ms after the echo of a paste in every
   * probe (docs/real-agents.md), so theirs is the typed pause; Gemini CLI needs 60 ms after a paste.
   */
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
  /** The program runs what it is typed (a shell): a briefing is kept in the agent's metadata but never typed. */
  runsInput?: true;
  /**
   * How tmux itself can tell, in the same step as a key press, that a dialog which keys would answer is up (see
   * dialog-guard.ts): groups of strings that are all on the visible screen, or words of the pane title.
   */
  dialog?: { screen?: readonly (readonly string[])[]; title?: readonly string[] };
  /**
   * Every message goes as a bracketed paste, one line too. A dialog that comes up just as a message arrives (after
   * the last look, before the CLI reads its input) takes typed keys one by one: Codex's approval takes `y`, and a
   * `1` in a message would pick an option. A paste is one event, which a dialog ignores. The pause before Enter is
   * then the kind's paste pause, measured on the real CLIs as the typed one was.
   */
  pasteLines?: true;
  /**
   * Draws an input box that pendingInput reads reliably (checked on every fixture screen): a delivery then refuses to
   * type after text someone else left there, and resumes a message of its own left there (typed-text.ts).
   */
  inputBox?: true;
  /**
   * The flag that starts the CLI on a conversation id of our choosing (a UUID), so the agent's record knows it from
   * the start (for resuming it later); not given when the arguments already pick a conversation.
   */
  sessionIdFlag?: string;
  /** The command that resumes conversation `id` with the agent's saved command (`agent restart --resume`, restore). */
  resumeCommand?: (command: readonly string[], id: string) => string[];
  /**
   * A resumed start draws an empty, idle-looking screen first, then clears it and draws the conversation, losing keys
   * typed in between (Gemini CLI 0.61, measured): readiness then waits for the conversation (spawn-agent.ts).
   */
  redrawsOnResume?: true;
}

const PROFILES: Record<AgentKind, KindProfile> = {
  claude: {
    pasteLines: true,
    inputBox: true,
    sessionIdFlag: '--session-id',
    resumeCommand: (command, id) => [...command, '--resume', id],
    defaultCommand: ['claude'], typeEnterDelayMs: 10, pasteEnterDelayMs: 10, readyTimeoutMs: 30000, approveKeys: ['1'], approveAlwaysKeys: ['2'], denyKeys: ['Escape'],
    dialog: { screen: [['Do you want to proceed', '1. Yes'], ['Do you want to make this edit', '1. Yes'], ['Do you want to create', '1. Yes']] },
  },
  // Codex 0.171 labels its options (y), (p) "don't ask again for commands that start with ...", and (esc).
  codex: {
    pasteLines: true,
    inputBox: true,
    // `codex resume [options] <id>`: the saved options go after the subcommand, which takes them.
    resumeCommand: (command, id) => [command[0]!, 'resume', ...command.slice(1), id],
    defaultCommand: ['codex'], typeEnterDelayMs: 10, pasteEnterDelayMs: 10, readyTimeoutMs: 30000, approveKeys: ['y'], approveAlwaysKeys: ['p'], denyKeys: ['Escape'],
    dialog: { title: ['Action Required'], screen: [['Would you like to run the following command', '1. Yes'], ['Would you like to make the following edits', '1. Yes'], ['Would you like to apply', '1. Yes']] },
  },
  // Gemini's option lists take the option's digit at once, whichever option the cursor is on.
  // Gemini CLI turns headless when CI=true (inherited from a tmux server started in CI) and exits 42 at start.
  gemini: {
    pasteLines: true,
    inputBox: true,
    sessionIdFlag: '--session-id',
    resumeCommand: (command, id) => [...command, '--resume', id],
    redrawsOnResume: true,
    defaultCommand: ['gemini'], defaultEnv: { CI: 'false' }, typeEnterDelayMs: 100, pasteEnterDelayMs: 150, readyTimeoutMs: 45000, approveKeys: ['1'], approveAlwaysKeys: ['2'], denyKeys: ['Escape'],
    dialog: { title: ['Action Required', '✋'], screen: [['Allow execution of', '1. Yes'], ['Apply this change?'], ['Usage limit reached', '1. Keep trying'], ['Quota exceeded', '1. Keep trying']] },
  },
  aider: {
    defaultCommand: ['aider'], typeEnterDelayMs: 100, pasteEnterDelayMs: 300, readyTimeoutMs: 30000, approveKeys: ['y', 'Enter'], approveAlwaysKeys: ['a', 'Enter'], denyKeys: ['n', 'Enter'],
    dialog: { screen: [['(Y)es/(N)o']] },
  },
  shell: { defaultCommand: [process.env.SHELL || 'bash'], typeEnterDelayMs: 50, pasteEnterDelayMs: 150, readyTimeoutMs: 10000, approveKeys: ['y', 'Enter'], approveAlwaysKeys: ['y', 'Enter'], denyKeys: ['n', 'Enter'], appendsOutput: true, runsInput: true },
  custom: { defaultCommand: [], typeEnterDelayMs: 120, pasteEnterDelayMs: 300, readyTimeoutMs: 30000, approveKeys: ['y', 'Enter'], approveAlwaysKeys: ['y', 'Enter'], denyKeys: ['n', 'Enter'] },
};

/** The profile of a kind. */
export function kindProfile(kind: AgentKind): KindProfile {
  return PROFILES[kind];
}

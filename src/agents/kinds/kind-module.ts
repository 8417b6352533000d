import type { Detector } from '../agent-state.js';
import type { KindHooks } from '../hooks/kind-hooks.js';

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
   * A plain program (a shell, anything custom): no input box, no markers. A delivery takes any change of the screen
   * after Enter as the line taken, readiness is output that settles, and the monitor never auto-submits.
   */
  plain?: true;
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

/**
 * Everything tmux-orc knows about one kind of agent program, in one place (src/agents/kinds/<kind>.ts): a new kind
 * is one such file, its detector, its fixtures, and a line in the registry (kinds/index.ts).
 */
export interface KindModule<Name extends string = string> {
  name: Name;
  /** One line for help texts: the program and what tmux-orc does with it. */
  summary: string;
  /** How help texts name the default program, when not by `defaultCommand[0]` (a shell's comes from $SHELL). */
  programName?: string;
  profile: KindProfile;
  /** Reads the agent's state from its screen and pane facts (src/agents/detect/). */
  detect: Detector;
  /** How the CLI reports its events into its pane's options (src/agents/hooks/), for kinds that have hooks. */
  hooks?: KindHooks;
  /**
   * Reads the text in the kind's input box ('' when empty, undefined when no box is drawn), for a box that the shared
   * reader (pending-input.ts: a line starting with `>`, `❯` or `›`) does not understand.
   */
  readInput?: (screen: string) => string | undefined;
  /** What the input box shows in place of a long or multi-line paste (a delivery then knows its text is there). */
  pasteToken?: RegExp;
}

/** Declares a kind, keeping its name a literal type (the registry derives AgentKind from the names). */
export function defineKind<const Name extends string>(module: KindModule<Name>): KindModule<Name> {
  return module;
}

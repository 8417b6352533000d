import type { Detector } from '../agent-state.js';
import { detectCrash } from '../detect/crash.js';
import { beforeInterface, noMarker, tailLines } from '../detect/screen.js';
import { defineKind } from './kind-module.js';

// OpenCode 1.18 (opencode-ai), as captured in test/fixtures/screens/opencode/. Its input box is a column of `┃`
// lines closed by a `╹▀▀▀` row; the rows under it are the footer, which says `esc interrupt` while a turn runs,
// `<error> [retrying in 3s attempt #2]` while the provider's 429 or 503 is retried, and `ctrl+p commands` at its
// right end. A permission dialog takes the box's place, so no box row is drawn then.
const BOX_BOTTOM = /^\s*╹▀/;
const BOX_LINE = /^\s*┃/;
const INTERRUPT = /\besc (?:again to )?interrupt\b/;
// Only its start: in 80 columns the retry line wraps, its spinner overwrites letters of it, and `esc interrupt`
// is pushed off (`[retrying in 1s` over `#1]`).
const RETRYING = /\[retrying\b/;
const COMMANDS = 'ctrl+p commands';
// Each dialog as two of its strings (the same ones tmux checks before a key, in `dialog` below).
const DIALOGS = [
  ['Permission required', 'Allow once'],
  ['Always allow', 'until OpenCode is restarted'],
  ['Reject permission', 'Tell OpenCode what to do differently'],
] as const;
// What an empty box shows on a fresh start: `Ask anything… "<an example request>"`.
const PLACEHOLDER = /^Ask anything… /;

/** Classifies an OpenCode pane from its bottom: a dialog, then the footer under the input box. */
export const detectOpencode: Detector = (screen, facts) => {
  const crash = detectCrash(facts);
  if (crash) return crash;
  const tail = tailLines(screen);
  // Blank until the interface is drawn (the title is set before that, and a restart keeps the old one).
  const early = beforeInterface(tail);
  if (early) return early;
  const bottom = tail.slice(-16);
  const has = (text: string) => bottom.some((line) => line.includes(text));
  const dialog = DIALOGS.find((texts) => texts.every(has));
  if (dialog) return { state: 'waiting', reason: `dialog: ${dialog[0]}`, dialog: true };
  const box = bottom.findLastIndex((line) => BOX_BOTTOM.test(line));
  // Only the rows under the box: the transcript above it may quote any of these words.
  const footer = box >= 0 ? bottom.slice(box + 1) : [];
  if (footer.some((line) => RETRYING.test(line))) return { state: 'rate_limited', reason: 'api retry' };
  if (footer.some((line) => INTERRUPT.test(line))) return { state: 'busy', reason: 'esc interrupt' };
  if (footer.some((line) => line.includes(COMMANDS))) return { state: 'idle', reason: 'input box' };
  // The first message's turn draws the session view a moment before its footer (only the folder shown), and the
  // model is already at work then.
  if (box >= 0) return { state: 'busy', reason: 'footer not drawn yet' };
  return noMarker(screen);
};

/**
 * The text in OpenCode's box: the `┃` rows between the padding row under the text and the one above it, over the
 * agent and model row (`┃  Build · <model>`) that sits on the box's bottom edge. Undefined when no box is drawn.
 */
export function readOpencodeInput(screen: string): string | undefined {
  const lines = screen.split('\n').map((line) => line.trimEnd());
  const bottom = lines.findLastIndex((line) => BOX_BOTTOM.test(line));
  // The box row, the agent row over it, and the padding row over that.
  if (bottom < 2 || !BOX_LINE.test(lines[bottom - 1]!) || strip(lines[bottom - 2]!) !== '') return undefined;
  const text: string[] = [];
  // Up to the padding row above the text (a completion list drawn over the box starts above it).
  for (let i = bottom - 3; i >= 0 && BOX_LINE.test(lines[i]!) && strip(lines[i]!) !== ''; i--)
    text.unshift(strip(lines[i]!));
  const joined = text.join('\n').trim();
  return PLACEHOLDER.test(joined) ? '' : joined;
}

function strip(line: string): string {
  return line.replace(/^\s*┃/, '').trim();
}

/**
 * OpenCode (`opencode`, npm opencode-ai). Every message goes as a bracketed paste: typed, a leading `!` would switch
 * its box to shell mode (the line then runs as a command, asking nobody), and `h`, `l` or Enter would answer a
 * dialog. A paste of 3 lines or more than 150 characters is shown folded (`[Pasted ~3 lines]`) and reaches the
 * model with a space after it. Its permission dialog opens on "Allow once" (Enter), Escape rejects, and "Allow
 * always" (one to the right) asks to confirm with a second Enter. It picks its own conversation ids (`ses_…`):
 * `--session <id>` resumes one.
 */
export const opencode = defineKind({
  name: 'opencode',
  summary: 'OpenCode',
  detect: detectOpencode,
  readInput: readOpencodeInput,
  pasteToken: /\[Pasted ~\d+ lines?\]/,
  profile: {
    defaultCommand: ['opencode'],
    typeEnterDelayMs: 10,
    pasteEnterDelayMs: 10,
    readyTimeoutMs: 45000,
    approveKeys: ['Enter'],
    approveAlwaysKeys: ['Right', 'Enter', 'Enter'],
    denyKeys: ['Escape'],
    pasteLines: true,
    inputBox: true,
    resumeCommand: (command, id) => [...command, '--session', id],
    dialog: { screen: DIALOGS },
  },
});

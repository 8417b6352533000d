import type { AgentKind } from './agent-state.js';
import { kindProfile } from './kind-profiles.js';
import { KIND_MODULES, kindModule } from './kinds/index.js';

const BORDER = /^[\s╭╮╰╯─━═┌┐└┘]*$/;
const PROMPT = /^\s*(?:│\s*)?(?:>|❯|›)(?:\s|$)/;

/**
 * The text still sitting in the agent's input box, read from the bottom of the screen; '' when the box is empty,
 * undefined when no input box is drawn (busy, a dialog, a plain program). Used to confirm that a message was
 * submitted: the box no longer holds it.
 */
export function pendingInput(kind: AgentKind, screen: string): string | undefined {
  const own = kindModule(kind).readInput;
  if (own) return own(screen);
  const lines = screen.split('\n');
  while (lines.length && lines[lines.length - 1]!.trim() === '') lines.pop();
  // A kind without a box of its own (aider, a shell, a custom program): the text after the last line's prompt.
  if (!kindProfile(kind).inputBox) {
    const last = lines[lines.length - 1] ?? '';
    const m = /^(?:.*?(?:[$#%>]|❯|›))\s(.*)$/.exec(last);
    return m ? m[1]!.trim() : last.trim();
  }
  const tail = lines.slice(-20);
  let start = -1;
  for (let i = tail.length - 1; i >= 0; i--) {
    if (PROMPT.test(tail[i]!)) {
      start = i;
      break;
    }
  }
  if (start < 0) return undefined;
  // Gemini indents its box line (` > text`).
  const parts = [
    stripBox(tail[start]!)
      .trimStart()
      .replace(/^(?:>|❯|›)\s?/, ''),
  ];
  for (let i = start + 1; i < tail.length; i++) {
    const line = tail[i]!;
    if (BORDER.test(line) || !/^\s*(?:│\s*)?\s\s/.test(line) || /\? for shortcuts|context left/.test(line)) break;
    parts.push(stripBox(line));
  }
  const text = parts
    .map((p) => p.trim())
    .join('\n')
    .trim();
  return PLACEHOLDER.test(text) ? '' : text;
}

// What an empty box shows: Gemini's and Codex's placeholders, and Claude's hint while a message is queued.
const PLACEHOLDER =
  /^(?:Type your message|Ask Codex to do anything$|Ask a follow-up question$|Press up to edit queued messages$)/;
// A long or multi-line paste is folded into one token, each kind's own (its module's pasteToken).
const PASTE_TOKENS = KIND_MODULES.flatMap((k) => (k.pasteToken ? [k.pasteToken] : []));

function stripBox(line: string): string {
  return line
    .replace(/^\s*│\s?/, '')
    .replace(/\s*│\s*$/, '')
    .trimEnd();
}

/**
 * True when the box still shows the end of the message (compared without whitespace, which wrapping changes) or a
 * folded paste.
 */
export function boxHolds(pending: string | undefined, message: string): boolean {
  if (!pending) return false;
  if (PASTE_TOKENS.some((token) => token.test(pending))) return true;
  const squash = (s: string) => s.replace(/[\s⏎]+/g, '');
  const tail = squash(message).slice(-24);
  return tail.length > 0 && squash(pending).includes(tail);
}

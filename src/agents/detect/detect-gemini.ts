import type { Detection, Detector } from '../agent-state.js';
import { detectCrash } from './crash.js';
import { beforeInterface, noMarker, tailLines, textAfter } from './screen.js';

const LIMIT = /Usage limit reached|Quota exceeded/i;
const RESET = /\bresets?\s+(?:at\s+)?/i;
const CONFIRM = /Allow execution of|Apply this change\?/;
const PROMPT = /Type your message|^│?\s*>\s/;

/**
 * Classifies a Gemini CLI pane (0.61): the usage-limit dialog, then the Ready / Working / Action Required title,
 * then the screen. The title turns Ready about half a second before the input box is drawn, and keys typed before
 * that are lost, so Ready only counts once the box is on screen. A 429 or 503 that Gemini retries draws nothing (its
 * status row drops the retry phrase): the screen is that of a model thinking, and only a hook can tell.
 */
export const detectGemini: Detector = (screen, facts) => {
  const crash = detectCrash(facts);
  if (crash) return crash;
  const tail = tailLines(screen);
  // A restarted pane keeps the old program's title until the new one sets its own: a blank screen is a start; so is
  // a warning printed before the interface (Node's, for one), which can stay up two seconds.
  const early = beforeInterface(tail);
  if (early) return early;

  // The usage-limit dialog also sets the Action Required title, so it is read before the title.
  const limit = tail.findLastIndex((line, i) => i >= tail.length - 12 && LIMIT.test(line));
  if (limit >= 0) {
    // The dialog puts the reset time on the line after the headline.
    return withReset(
      { state: 'rate_limited', reason: 'usage limit dialog', dialog: true },
      tail.slice(limit, limit + 3),
    );
  }

  const title = facts.title.trim();
  if (/^✋|Action Required/.test(title)) return { state: 'waiting', reason: 'title action required' };
  if (/^✦|Working/.test(title)) return { state: 'busy', reason: 'title working' };
  const boxDrawn = tail.slice(-8).some((line) => PROMPT.test(line));
  if (/^◇|\bReady\b/.test(title))
    return boxDrawn
      ? { state: 'idle', reason: 'title ready' }
      : { state: 'starting', reason: 'title ready, input box not drawn yet' };

  if (tail.some((line) => CONFIRM.test(line))) return { state: 'waiting', reason: 'confirmation dialog' };
  if (tail.some((line) => line.includes('esc to cancel'))) return { state: 'busy', reason: 'esc to cancel' };
  if (boxDrawn) return { state: 'idle', reason: 'input box' };
  return noMarker(screen);
};

function withReset(detection: Detection, lines: string[]): Detection {
  const reset = lines.map((line) => textAfter(line, RESET)).find(Boolean);
  return reset ? { ...detection, resetAt: reset } : detection;
}

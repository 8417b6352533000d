import type { Detector } from '../agent-state.js';
import { detectCrash } from './crash.js';

const RECENT_SECONDS = 2;

/** Classifies a plain shell or custom program, which has no markers: only its exit and its recent output count. */
export const detectShell: Detector = (_screen, facts) => {
  const crash = detectCrash(facts);
  if (crash) return crash;
  if (facts.idleSeconds !== undefined && facts.idleSeconds < RECENT_SECONDS) {
    return { state: 'busy', reason: 'recent output' };
  }
  return { state: 'idle', reason: 'quiet' };
};

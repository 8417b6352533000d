import type { AgentKind, Detection, Detector, PaneFacts } from '../agent-state.js';
import { detectAider } from './detect-aider.js';
import { detectClaude } from './detect-claude.js';
import { detectCodex } from './detect-codex.js';
import { detectGemini } from './detect-gemini.js';
import { detectShell } from './detect-shell.js';

const DETECTORS: Record<AgentKind, Detector> = {
  claude: detectClaude,
  codex: detectCodex,
  gemini: detectGemini,
  aider: detectAider,
  shell: detectShell,
  custom: detectShell,
};

/** The detector for one kind of agent; `custom` programs share the shell's. */
export function detectorFor(kind: AgentKind): Detector {
  return DETECTORS[kind];
}

/**
 * Reads an agent's state from its screen and pane facts.
 * @example detectState('claude', capture, { title: '✳ Claude Code', currentCommand: 'claude', dead: false })
 */
export function detectState(kind: AgentKind, screen: string, facts: PaneFacts): Detection {
  return DETECTORS[kind](screen, facts);
}

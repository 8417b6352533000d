import type { AgentKind, Detection, Detector, PaneFacts } from '../agent-state.js';
import { kindModule } from '../kinds/index.js';

/** The detector for one kind of agent (its module in src/agents/kinds/); `custom` programs share the shell's. */
export function detectorFor(kind: AgentKind): Detector {
  return kindModule(kind).detect;
}

/**
 * Reads an agent's state from its screen and pane facts.
 * @example detectState('claude', capture, { title: '✳ Claude Code', currentCommand: 'claude', dead: false })
 */
export function detectState(kind: AgentKind, screen: string, facts: PaneFacts): Detection {
  return kindModule(kind).detect(screen, facts);
}

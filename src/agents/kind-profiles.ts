import type { AgentKind } from './agent-state.js';
import { kindModule, type KindProfile } from './kinds/index.js';

export type { KindProfile } from './kinds/index.js';

/** The profile of a kind (its module in src/agents/kinds/ has the rest). */
export function kindProfile(kind: AgentKind): KindProfile {
  return kindModule(kind).profile;
}

import { aider } from './aider.js';
import { claude } from './claude.js';
import { codex } from './codex.js';
import { custom } from './custom.js';
import { gemini } from './gemini.js';
import type { KindModule } from './kind-module.js';
import { opencode } from './opencode.js';
import { shell } from './shell.js';

export type { KindModule, KindProfile } from './kind-module.js';

/** Every kind tmux-orc drives, in the order help texts list them: adding a kind is a module and a line here. */
export const KIND_MODULES = [claude, codex, gemini, opencode, aider, shell, custom] as const;

/** The kinds of agent program tmux-orc knows how to drive. */
export type AgentKind = (typeof KIND_MODULES)[number]['name'];

/** The kinds' names, as a tuple for zod enums and commander choices. */
export const AGENT_KINDS = KIND_MODULES.map((k) => k.name) as unknown as readonly [AgentKind, ...AgentKind[]];

const BY_NAME = new Map<string, KindModule>(KIND_MODULES.map((k) => [k.name, k]));

/** The module of a kind. */
export function kindModule(kind: AgentKind): KindModule<AgentKind> {
  return BY_NAME.get(kind)! as KindModule<AgentKind>;
}

import type { Command } from 'commander';
import type { CommandSpec } from './command-spec.js';

/** What a commander Command carries besides what commander knows: its spec and its full path. */
export interface CommandMeta {
  spec: CommandSpec;
  /** `session list`, or `list` for a top-level command. */
  path: string;
  /** The group name, when the command is in one. */
  group?: string;
}

const metas = new WeakMap<Command, CommandMeta>();

/** Attaches a spec to the commander command built from it. */
export function setCommandMeta(command: Command, meta: CommandMeta): void {
  metas.set(command, meta);
}

/** The spec behind a commander command, if it was declared with defineCommand. */
export function getCommandMeta(command: Command): CommandMeta | undefined {
  return metas.get(command);
}

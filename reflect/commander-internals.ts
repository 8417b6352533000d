import type { Command } from 'commander';

/**
 * The one place that reads commander's private fields. commander has no public introspection API for these
 * facts (clipanion's `cli.definitions()` would be the model); test/reflect/commander-internals.test.ts fails
 * when a commander upgrade renames them.
 */
interface CommandInternals {
  _hidden?: boolean;
  _helpCommand?: Command | null;
  _versionOptionName?: string;
}

const internals = (command: Command) => command as unknown as CommandInternals;

/** True for a command added with `{ hidden: true }`: it is kept out of help, docs and MCP. */
export function isHiddenCommand(command: Command): boolean {
  return internals(command)._hidden === true;
}

/** True when `child` is the help command (`help [command]`) of `parent`, which is no tool. */
export function isHelpCommand(parent: Command, child: Command): boolean {
  // Read the field rather than call `_getHelpCommand()`, which would create the help command as a side effect.
  return internals(parent)._helpCommand === child;
}

/** The attribute name of the command's `--version` option (`version`), if it has one. */
export function versionOptionName(command: Command): string | undefined {
  return internals(command)._versionOptionName;
}

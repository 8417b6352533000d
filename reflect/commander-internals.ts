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
  _exitCallback?: ((error: Error) => void) | null;
  _actionHandler?: ((args: unknown[]) => unknown) | null;
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

/** True when the command has an action to run (`.action(fn)`). */
export function hasAction(command: Command): boolean {
  return typeof internals(command)._actionHandler === 'function';
}

/**
 * Runs `fn` with the command set to throw instead of exiting (commander's exitOverride) and its action's return value
 * handed to `onResult`; the command's own settings are put back after. The caller makes sure no other run of the same
 * command overlaps (the settings are the command's, not the run's).
 */
export async function withRunSettings<T>(
  command: Command,
  onResult: (value: unknown) => void,
  fn: () => Promise<T>,
): Promise<T> {
  const own = internals(command);
  const saved = { exit: own._exitCallback, action: own._actionHandler };
  const action = saved.action;
  command.exitOverride();
  if (action) {
    own._actionHandler = (args: unknown[]) => {
      const value = action.call(command, args);
      return value instanceof Promise ? value.then(onResult) : onResult(value);
    };
  }
  try {
    return await fn();
  } finally {
    own._exitCallback = saved.exit ?? null;
    own._actionHandler = saved.action ?? null;
  }
}

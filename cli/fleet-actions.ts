import { OrcError } from '../src/errors.js';
import type { TMUXManager } from '../src/manager/tmux-manager.js';
import type { CommandContext, CommandSpec, GlobalOptions } from './command-spec.js';
import { agentGroup } from './commands/agent.js';
import type { Envelope } from './envelope.js';
import { executeCommand } from './execute-command.js';
import type { FleetAction } from './tui/dashboard-state.js';

/** The actions the dashboards offer, in the order they show them. */
export const FLEET_ACTIONS: readonly FleetAction[] = ['send', 'approve', 'deny', 'restart', 'kill'];

/** Runs a command on the dashboards' long-lived manager, the way the CLI runs it. */
export interface FleetCommands {
  /** An action on an agent: the `agent <action>` command with the target (and, for send, the message). */
  act(action: FleetAction, target: string, text?: string): Promise<Envelope>;
  /** Any command with its raw input (the terminal dashboard's Enter runs `attach`). */
  run(spec: CommandSpec, path: string, raw: Record<string, unknown>): Promise<Envelope>;
}

/**
 * The dashboards' way to act: each action is the `agent` command of the same name, validated and run by the same
 * handler as `tmux-orc agent send|approve|deny|restart|kill` (so a message goes through the one delivery that sends
 * it exactly once, and every error has its code). Text is literal (`@file` and `-` read nothing).
 */
export function fleetCommands(
  manager: TMUXManager,
  globals: GlobalOptions,
  onHost?: (host: string) => { manager: TMUXManager; globals: GlobalOptions } | undefined,
): FleetCommands {
  const context = (m: TMUXManager, g: GlobalOptions): CommandContext => ({
    manager: () => m,
    progress: () => undefined,
    globals: { ...g, json: true },
    viaMcp: false,
    literalText: true,
    // A fleet over several hosts: a `host/` target runs on that host's manager of the view, and on no other machine.
    ...(onHost
      ? {
          onHost: async (host: string) => {
            const other = onHost(host);
            if (!other) throw new OrcError('usage.invalid', `no host "${host.slice(0, 64)}" in this view`);
            return context(other.manager, other.globals);
          },
        }
      : {}),
  });
  const ctx = context(manager, globals);
  const run = async (spec: CommandSpec, path: string, raw: Record<string, unknown>) =>
    (await executeCommand(spec, path, raw, ctx)).envelope;
  return {
    run,
    act(action, target, text) {
      const spec = agentGroup.commands.find((c) => c.name === action)!;
      return run(spec, `agent ${action}`, action === 'send' ? { target, message: text ?? '' } : { target });
    },
  };
}

/** An envelope as one line for people: the command's own human view, or `error [code]: message`. */
export function describeEnvelope(envelope: Envelope, spec?: CommandSpec): string {
  if (!envelope.ok) return `error [${envelope.error.code}]: ${envelope.error.message}`;
  const human = spec?.human?.(envelope.data);
  return (human || `${envelope.command}: done`).split('\n')[0]!;
}

/** The `agent` command an action runs. */
export function actionSpec(action: FleetAction): CommandSpec {
  return agentGroup.commands.find((c) => c.name === action)!;
}

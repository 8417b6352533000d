import { ERROR_CODES } from '../src/errors.js';

/**
 * What every tool shares, said once for the whole server instead of in each tool's schemas: targets, agent states,
 * the result envelope and the error codes.
 */
export const INSTRUCTIONS = [
  'tmux-orc runs AI coding agents in tmux windows; each tool is one tmux-orc CLI command.',
  "A target is session:window (an agent's name, a window's name or index) or session:window.pane.",
  "A target or session may start with its host (local, or a host of the user's hosts file): build/proj:dev." +
    ' list and agent_status take allHosts: every host at once, with a part per host (one that is down is reported,' +
    " the rest answered). Tools with neither run on the server's own host.",
  'Agent states: starting, idle, busy, waiting (on a permission prompt: approve or deny it), rate_limited, crashed,' +
    ' unknown.',
  "Every result is the CLI's --json envelope, as structuredContent and as JSON text:" +
    ' { ok: true, command, data, meta }, or with isError { ok: false, command, error: { code, message, hint? }, meta }.',
  `Error codes: ${errorCodeList()}.`,
].join('\n');

// `usage.invalid|unknownCommand, tmux.noServer|...`: every code, each namespace once.
function errorCodeList(): string {
  const byNamespace = new Map<string, string[]>();
  for (const code of Object.keys(ERROR_CODES)) {
    const [namespace = '', name = ''] = code.split('.');
    byNamespace.set(namespace, [...(byNamespace.get(namespace) ?? []), name]);
  }
  return [...byNamespace].map(([namespace, names]) => `${namespace}.${names.join('|')}`).join(', ');
}

/** The instructions of a server for another program (tmux-orc/reflect): the envelope, and the codes it can give. */
export function reflectedInstructions(programName: string): string {
  return [
    `Each tool runs one command of the ${programName} CLI in-process, with the tool's arguments as its arguments and options.`,
    'Every result is a JSON envelope, as structuredContent and as JSON text: { ok: true, command, data, meta }, data' +
      ' being { stdout, stderr?, result? } (what the command printed, and what it returned); or with isError' +
      ' { ok: false, command, error: { code, message, hint? }, meta }.',
    "Error codes: usage.invalid (the arguments do not fit the tool's input schema), command.failed (the command threw;" +
      ' the message is its own), internal.error.',
  ].join('\n');
}

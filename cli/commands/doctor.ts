import { defineCommand } from '../command-spec.js';
import type { DoctorReport } from '../doctor-checks.js';
import { bold, dim, red, yellow } from '../style.js';

/** `tmux-orc doctor`: what this machine has for tmux-orc, and how to register the MCP server. */
export const doctorCommand = defineCommand({
  name: 'doctor',
  description:
    'Check the setup: tmux (version, and whether it is one where concurrent control clients can crash the ' +
    'server), the locale, each agent CLI on PATH with its version, the state directory and its safety, ' +
    'ssh, and how to register the MCP server with Claude Code, Codex and Gemini CLI. Changes nothing.',
  effect: 'read',
  notForMcp: 'a setup check for a person at a terminal (its advice is how to register this very MCP server)',
  examples: ['tmux-orc doctor', 'tmux-orc doctor --json | jq .data.mcp'],
  output: (z) =>
    z.object({
      node: z.string(),
      tmux: z.object({
        path: z.string().optional(),
        version: z.string().optional(),
        controlClientsSafe: z.boolean().optional(),
        note: z.string().optional(),
      }),
      locale: z.object({ value: z.string(), utf8: z.boolean(), note: z.string().optional() }),
      agents: z.array(
        z.object({
          kind: z.string(),
          program: z.string(),
          path: z.string().optional(),
          version: z.string().optional(),
        }),
      ),
      stateDir: z.object({ path: z.string(), exists: z.boolean(), safe: z.boolean(), problem: z.string().optional() }),
      ssh: z.object({ path: z.string().optional() }),
      mcp: z.object({ command: z.array(z.string()), claude: z.string(), codex: z.string(), gemini: z.string() }),
    }),
  async run(): Promise<DoctorReport> {
    return (await import('../doctor-checks.js')).runDoctor();
  },
  human(d) {
    const ok = (good: boolean | undefined, text: string) => (good ? text : good === false ? red(text) : yellow(text));
    const note = (text: string | undefined) => (text ? `\n          ${yellow(text)}` : '');
    const tmux = d.tmux.path ? `${d.tmux.version ?? '?'} (${d.tmux.path})` : red('not found');
    const agent = (a: DoctorReport['agents'][number]) =>
      a.path ? `${a.version ?? '(no --version)'} (${a.path})` : dim(`${a.program} not on PATH`);
    const state = d.stateDir.safe
      ? dim(d.stateDir.exists ? 'ok' : '(made on first use)')
      : red(d.stateDir.problem ?? 'unsafe');
    const lines = [
      `${bold('node')}      ${d.node}`,
      `${bold('tmux')}      ${tmux}${note(d.tmux.note)}`,
      `${bold('locale')}    ${ok(d.locale.utf8, d.locale.value || '(none)')}${note(d.locale.note)}`,
      ...d.agents.map((a) => `${bold(a.kind.padEnd(9))} ${agent(a)}`),
      `${bold('state')}     ${d.stateDir.path} ${state}`,
      `${bold('ssh')}       ${d.ssh.path ?? dim('not found')}`,
      '',
      bold('Register the MCP server:'),
      `  Claude Code: ${d.mcp.claude}`,
      `  Codex:       ${d.mcp.codex}`,
      `  Gemini CLI:  ${d.mcp.gemini}`,
    ];
    return lines.join('\n');
  },
});

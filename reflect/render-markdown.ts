import type { Command } from 'commander';
import type { JsonSchema } from './derive-schema.js';
import { INSTRUCTIONS } from './instructions.js';
import { FLEET_RESOURCE, RESOURCE_NOTES, RESOURCE_TEMPLATES } from './resource-catalog.js';
import { reflectProgram, type ReflectedProgram, type ToolDefinition } from './reflect-program.js';
import { toolName } from './tool-names.js';
import { walkProgram, type CommandDescription, type ParamDescription } from './walk-program.js';

/** The generated documents, by file name. */
export type Docs = Record<'cli.md' | 'mcp-tools.md', string>;

/** How to regenerate the documents; quoted in their headers and in the staleness test. */
export const REGENERATE = 'npm run docs';

const GENERATED = `<!-- Generated from the command tree by \`${REGENERATE}\` (tmux-orc reflect --format markdown --write docs). Do not edit. -->`;

/**
 * Renders the CLI reference and the MCP tool list of a program built by buildProgram.
 * @example const docs = await renderDocs(buildProgram().program); docs['cli.md']
 */
export async function renderDocs(program: Command): Promise<Docs> {
  const commands = walkProgram(program);
  const reflected = await reflectProgram(program);
  return { 'cli.md': renderCliReference(program, commands), 'mcp-tools.md': renderMcpTools(reflected) };
}

/** The CLI reference: global options, then every command with its arguments, options, effect and examples. */
export function renderCliReference(program: Command, commands: readonly CommandDescription[]): string {
  const lines = [
    `# ${program.name()} CLI reference`,
    '',
    GENERATED,
    '',
    program.description(),
    '',
    '## Global options',
    '',
  ];
  const globals = program.options.filter((o) => !o.hidden).map((o) => [code(o.flags), o.description]);
  lines.push(...table(['Option', 'Description'], [...globals, [code('-h, --help'), 'display help for command']]), '');
  lines.push(
    'Every command prints one JSON envelope with `--json`: `{ ok, command, data, meta }` on success and `{ ok: false, command, error: { code, message, hint }, meta }` on failure (exit code 1, or 2 for usage errors).',
    '',
  );
  lines.push('## Commands', '');
  for (const c of commands)
    lines.push(`- [\`${c.path}\`](#${anchor(`${program.name()} ${c.path}`)}): ${prose(firstSentence(c.description))}`);
  let group: string | undefined | null = null;
  for (const c of commands) {
    if (c.group !== group) lines.push('', `## ${c.group ?? 'Top-level commands'}`, '', prose(c.groupDescription ?? ''));
    group = c.group;
    lines.push('', `### ${program.name()} ${c.path}`, '', prose(c.description), '', `Usage: \`${c.usage}\``, '');
    const mcp = c.notForMcp ? `Not an MCP tool: ${c.notForMcp}` : `MCP tool \`${toolName(c.path)}\``;
    const drives = c.drivesAgents
      ? ', drives agents (types into them or briefs them: destructive and open-world over MCP)'
      : '';
    lines.push(`Effect: **${c.effect}**${c.idempotent ? ', idempotent' : ''}${drives}. ${mcp}.`, '');
    if (c.args.length)
      lines.push(...table(['Argument', 'Type', 'Required', 'Default', 'Description'], c.args.map(paramRow)), '');
    if (c.options.length)
      lines.push(...table(['Option', 'Type', 'Required', 'Default', 'Description'], c.options.map(paramRow)), '');
    if (c.examples.length) lines.push('Examples:', '', '```sh', ...c.examples.map((e) => `$ ${e}`), '```', '');
  }
  return `${lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`;
}

/** The MCP tool list: every tool with its annotations, input fields and result fields, then what is left out. */
export function renderMcpTools(reflected: ReflectedProgram): string {
  const lines = [
    '# tmux-orc MCP tools',
    '',
    GENERATED,
    '',
    '`tmux-orc mcp` serves every command below as an MCP tool over stdio (`tmux-orc -L <socket> mcp` for a given tmux server), ' +
      'or over Streamable HTTP with `--http <host:port>` (bearer token, README.md). ' +
      'A tool is named `group_command` (`session_new`), or just the command for a top-level one (`list`), and runs exactly what the CLI runs. ' +
      'Its result carries the `--json` envelope as `structuredContent` and as JSON text; a failed command sets `isError: true` with `error.code` (such as `tmux.sessionNotFound`, or `usage.invalid` for a bad argument).',
    '',
    "Options: `--read-only` serves only the tools that read; `--tools <globs>` and `--exclude <globs>` pick tools by name or group (`--tools 'session_*,list'`); " +
      '`--shape grouped` serves one tool per group (`session`) whose `action` property names the command, and keeps top-level commands as they are.',
    '',
    "What every tool shares is said once, in the server's `instructions` (sent with its `initialize` answer), " +
      "not in each tool: a tool's output schema outlines `data` (its own fields and their types; " +
      "docs/json.md has the envelope and each code's meaning).",
    '',
    '```text',
    INSTRUCTIONS,
    '```',
    '',
    '| Tool | Read-only | Destructive | Idempotent | Description |',
    '| --- | --- | --- | --- | --- |',
    ...reflected.tools.map(
      (t) =>
        `| [\`${t.name}\`](#${anchor(t.name)}) | ${yesNo(t.annotations.readOnlyHint)} | ${yesNo(t.annotations.destructiveHint)} | ${yesNo(t.annotations.idempotentHint)} | ${cell(firstSentence(t.description))} |`,
    ),
  ];
  for (const tool of reflected.tools) lines.push('', ...renderTool(tool));
  lines.push('', ...renderLive());
  if (reflected.notForMcp.length) {
    lines.push('', '## Not available over MCP', '');
    for (const c of reflected.notForMcp) lines.push(`- \`tmux-orc ${c.path}\`: ${c.reason}.`);
  }
  return `${lines.join('\n').trim()}\n`;
}

/** The resources (from the same entries the server lists), their notifications, long calls and the relay. */
function renderLive(): string[] {
  const rows = [
    [code(FLEET_RESOURCE.uri), FLEET_RESOURCE.title, code(FLEET_RESOURCE.mimeType), cell(FLEET_RESOURCE.description)],
    ...RESOURCE_TEMPLATES.map((t) => [
      `${code(t.uriTemplate)} (template)`,
      t.title,
      code(t.mimeType),
      cell(t.description),
    ]),
  ];
  return [
    '## Resources',
    '',
    'The server also serves the fleet as resources (capability `resources: { subscribe: true, listChanged: true }`):',
    '',
    ...table(['URI', 'Title', 'MIME type', 'Description'], rows),
    '',
    ...RESOURCE_NOTES.flatMap((paragraph) => [paragraph, '']),
    '## Long calls and the permission relay',
    '',
    'A call whose request carries a progress token (`_meta.progressToken`) gets `notifications/progress` for each ' +
      'step its command reports (`team_deploy`: each agent started and ready) and a heartbeat every second ' +
      '(`agent wait proj:dev1 (3 s)`), so a client that resets its tool timeout on progress can wait on ' +
      '`agent_wait`, `agent_spawn`, `team_deploy` or `agent_send` for as long as they take (Claude Code 2.1.197 ' +
      'does not: a tool timeout set for the server is a wall-clock limit there, 1e8 ms when none is set). ' +
      '`notifications/cancelled` ends the call: a cancelled wait returns within 100 ms and leaves nothing behind.',
    '',
    '`tmux-orc mcp --relay-permissions`: when an agent waits on a permission prompt and the client declared form ' +
      "elicitation, the server asks the client's user (`elicitation/create`, with the prompt's text and its " +
      'choices, of `approve`, `always` and `deny`) and answers the prompt once with the choice. No answer, a decline or a ' +
      'client without elicitation leaves the prompt as it is, reported by `agent_status` as `waiting`.',
  ];
}

function renderTool(tool: ToolDefinition): string[] {
  const lines = [
    `## ${tool.name}`,
    '',
    prose(tool.description),
    '',
    `Runs \`${tool.title}\`. Annotations: ${annotationText(tool)}.`,
    '',
  ];
  const properties = (tool.inputSchema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((tool.inputSchema.required ?? []) as string[]);
  const rows = Object.entries(properties).map(([key, s]) => [
    code(key),
    cell(schemaType(s)),
    required.has(key) ? 'yes' : '',
    s.default === undefined ? '' : code(JSON.stringify(s.default)),
    cell(String(s.description ?? '')),
  ]);
  lines.push(
    ...(rows.length ? table(['Input', 'Type', 'Required', 'Default', 'Description'], rows) : ['Input: none.']),
    '',
  );
  const data = ((tool.outputSchema.properties as Record<string, JsonSchema>).data ?? {}) as JsonSchema;
  const fields = Object.entries((data.properties ?? {}) as Record<string, JsonSchema>).map(
    ([k, s]) => `\`${k}\` (${schemaType(s)})`,
  );
  lines.push(fields.length ? `Returns \`data\`: ${fields.join(', ')}.` : 'Returns `data` as the command gives it.');
  return lines;
}

function paramRow(p: ParamDescription): string[] {
  const type = `${p.schema ? 'value (schema)' : p.type}${p.variadic ? '[]' : ''}`;
  const range = p.min !== undefined || p.max !== undefined ? ` ${p.min ?? ''}..${p.max ?? ''}` : '';
  const choices = p.choices ? `: ${p.choices.join(', ')}` : '';
  return [
    code(p.label),
    cell(`${type}${range}${choices}`),
    p.required ? 'yes' : '',
    p.default === undefined ? '' : code(JSON.stringify(p.default)),
    cell(p.description),
  ];
}

function schemaType(s: JsonSchema): string {
  if (Array.isArray(s.enum)) return s.enum.map((v) => JSON.stringify(v)).join(' \\| ');
  if ('const' in s) return JSON.stringify(s.const);
  if (s.type === 'array') return `${schemaType((s.items ?? {}) as JsonSchema)}[]`;
  if (Array.isArray(s.anyOf)) return (s.anyOf as JsonSchema[]).map(schemaType).join(' or ');
  const range = s.minimum !== undefined || s.maximum !== undefined ? ` ${s.minimum ?? ''}..${s.maximum ?? ''}` : '';
  return typeof s.type === 'string' ? `${s.type}${range}` : 'any';
}

function annotationText(tool: ToolDefinition): string {
  const a = tool.annotations;
  return (['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'] as const)
    .map((k) => `\`${k}: ${a[k]}\``)
    .join(', ');
}

function table(head: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ];
}

const code = (text: string) => `\`${text.replace(/\|/g, '\\|')}\``;
// `<regex>` in running text would read as an HTML tag.
const prose = (text: string) => text.replace(/</g, '\\<');
const cell = (text: string) => prose(text).replace(/\|/g, '\\|').replace(/\n/g, ' ');
const yesNo = (b: boolean) => (b ? 'yes' : 'no');
const firstSentence = (text: string) => /^.*?[.!?](?=\s|$)/.exec(text)?.[0] ?? text;
// GitHub's heading anchors: lower case, punctuation dropped, spaces to dashes.
const anchor = (heading: string) =>
  heading
    .toLowerCase()
    .replace(/[^a-z0-9 _-]/g, '')
    .replace(/ /g, '-');

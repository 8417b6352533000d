import { commandTreeOf, defineCommand } from '../command-spec.js';

/** What `reflect` returns: the tool list or the documents, or the files it wrote. */
interface ReflectData {
  format: 'json' | 'markdown';
  tools?: unknown[];
  notForMcp?: unknown[];
  documents?: Record<string, string>;
  written?: string[];
}

// Everything heavy (zod, the reflection, node:fs) is imported inside run, so `tmux-orc list` never loads it.

/** `tmux-orc reflect`: the derived MCP tool list (json) or the CLI reference and tool list (markdown). */
export const reflectCommand = defineCommand<ReflectData>({
  name: 'reflect',
  description:
    'Describe every command as derived from the command tree: the MCP tool definitions (json) or the CLI reference and MCP tool list (markdown). --write <dir> saves them as files (cli.md and mcp-tools.md, or mcp-tools.json).',
  effect: 'read',
  notForMcp: 'an MCP client already gets the tool list from tools/list, and --write writes files',
  options: [
    {
      flags: '--format <format>',
      description: 'json (tool definitions) or markdown (docs)',
      choices: ['json', 'markdown'],
      default: 'json',
    },
    { flags: '--write <dir>', description: 'write the output into this directory instead of printing it' },
    {
      flags: '--shape <shape>',
      description: 'tool shape for json: flat (one tool per command) or grouped (one per group)',
      choices: ['flat', 'grouped'],
      default: 'flat',
    },
  ],
  examples: [
    'tmux-orc reflect --format json | jq ".data.tools[].name"',
    'tmux-orc reflect --format markdown --write docs',
  ],
  output: (z) =>
    z.object({
      format: z.enum(['json', 'markdown']),
      tools: z.array(z.record(z.string(), z.unknown())).optional(),
      notForMcp: z.array(z.object({ path: z.string(), reason: z.string() })).optional(),
      documents: z.record(z.string(), z.string()).optional(),
      written: z.array(z.string()).optional(),
    }),
  async run(input, ctx) {
    const [{ reflectProgram }, { renderDocs }] = await Promise.all([
      import('../../reflect/reflect-program.js'),
      import('../../reflect/render-markdown.js'),
    ]);
    const program = await commandTreeOf(ctx, { stdout: () => undefined, stderr: () => undefined });
    const files: Record<string, string> = {};
    let result: ReflectData;
    if (input.format === 'markdown') {
      const documents = await renderDocs(program);
      Object.assign(files, documents);
      result = { format: 'markdown', documents };
    } else {
      const { tools, notForMcp } = await reflectProgram(program, { shape: input.shape });
      files['mcp-tools.json'] = `${JSON.stringify({ tools, notForMcp }, null, 2)}\n`;
      result = { format: 'json', tools, notForMcp };
    }
    if (!input.write) return result;
    const [{ mkdir, writeFile }, { join }] = await Promise.all([import('node:fs/promises'), import('node:path')]);
    await mkdir(input.write, { recursive: true });
    const written: string[] = [];
    for (const [name, text] of Object.entries(files)) {
      const path = join(input.write, name);
      await writeFile(path, text);
      written.push(path);
    }
    return { format: result.format, written };
  },
  human(data) {
    if (data.written) return `wrote ${data.written.join(', ')}`;
    if (data.documents) return Object.values(data.documents).join('\n');
    return JSON.stringify({ tools: data.tools, notForMcp: data.notForMcp }, null, 2);
  },
});

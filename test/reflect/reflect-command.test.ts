import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildProgram, runProgram } from '../../cli/build-program.js';
import { renderDocs } from '../../reflect/render-markdown.js';

const dir = mkdtempSync(join(tmpdir(), 'orc-reflect-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function reflect(...argv: string[]): Promise<{ ok: boolean; data: any }> {
  let printed = '';
  await runProgram(['--json', 'reflect', ...argv], { stdout: (t) => (printed += t), stderr: () => undefined });
  return JSON.parse(printed);
}

describe('tmux-orc reflect', () => {
  test('--format json gives the tool definitions and what is not for MCP', async () => {
    const { ok, data } = await reflect('--format', 'json');
    expect(ok).toBe(true);
    expect(data.tools.map((t: { name: string }) => t.name)).toEqual(expect.arrayContaining(['list', 'session_new']));
    expect(data.tools[0]).toEqual(
      expect.objectContaining({
        name: 'list',
        title: 'tmux-orc list',
        inputSchema: expect.any(Object),
        outputSchema: expect.any(Object),
        annotations: expect.any(Object),
      }),
    );
    expect(data.notForMcp).toEqual(expect.arrayContaining([{ path: 'mcp', reason: 'it is the MCP server itself' }]));
  });

  test('--shape grouped', async () => {
    const { data } = await reflect('--shape', 'grouped');
    expect(data.tools.map((t: { name: string }) => t.name)).toContain('session');
  });

  test('--format markdown --write <dir> writes the CLI reference and the tool list', async () => {
    const { data } = await reflect('--format', 'markdown', '--write', dir);
    expect(data.written).toEqual([join(dir, 'cli.md'), join(dir, 'mcp-tools.md')]);
    const docs = await renderDocs(buildProgram().program);
    expect(readFileSync(join(dir, 'cli.md'), 'utf8')).toBe(docs['cli.md']);
    expect(readFileSync(join(dir, 'mcp-tools.md'), 'utf8')).toBe(docs['mcp-tools.md']);
    expect(docs['cli.md']).toContain('### tmux-orc session new');
    expect(docs['mcp-tools.md']).toContain('## session_new');
    expect(docs['mcp-tools.md']).toContain('## Not available over MCP');
  });

  test('a bad --format is a usage error', async () => {
    let printed = '';
    const state = await runProgram(['--json', 'reflect', '--format', 'yaml'], {
      stdout: (t) => (printed += t),
      stderr: () => undefined,
    });
    expect(state.exitCode).toBe(2);
    expect(JSON.parse(printed)).toMatchObject({ ok: false, error: { code: 'usage.invalid' } });
  });
});

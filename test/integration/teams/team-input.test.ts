import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runProgram } from '../../../cli/build-program.js';
import type { TMUXManager } from '../../../src/manager/tmux-manager.js';
import { connectInMemory } from '../../helpers/mcp-in-memory.js';
import { testServers } from '../../helpers/test-servers.js';

// Template names and paths given to team deploy are hostile: an object's own properties only, and over MCP no file
// is read at all (a model could otherwise read /proc/self/environ through the JSON error message).

const servers = testServers('orc-files-team');
/** The first characters of this process's environment, which JSON.parse's message would quote. */
const environStart = () => readFileSync('/proc/self/environ', 'utf8').slice(0, 8);

async function cli(manager: TMUXManager, ...argv: string[]): Promise<any> {
  let printed = '';
  await runProgram(['--json', ...argv], { manager, stdout: (t) => (printed += t), stderr: () => undefined });
  return JSON.parse(printed);
}

describe('team deploy input', () => {
  const PROTO_NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty'];
  test.each(PROTO_NAMES)('team deploy %s is team.templateNotFound', async (n) => {
    const manager = servers.server().manager();
    const envelope = await cli(manager, 'team', 'deploy', n, '--project', 'p', '--no-wait');
    expect(envelope.error?.code).toBe('team.templateNotFound');
    expect((await manager.snapshot()).sessions.map((s) => s.name)).toEqual(['keeper']);
  });

  test('over MCP the template must be a built-in name: no file is read, its content never shows', async () => {
    const manager = servers.server().manager();
    const file = join(servers.dir(), 'secret.json');
    writeFileSync(file, 'hunter2-secret-token');
    const mcp = await connectInMemory(manager);
    try {
      for (const template of ['/proc/self/environ', file, '__proto__']) {
        const result = await mcp.call('team_deploy', { template, project: 'p', wait: false });
        expect(result.isError).toBe(true);
        expect((result.structuredContent as any).error?.code).toBe('team.templateNotFound');
        const text = JSON.stringify(result);
        expect(text).not.toContain('hunter2');
        expect(text).not.toContain(JSON.stringify(environStart()).slice(1, -1));
      }
    } finally {
      await mcp.close();
    }
    expect((await manager.snapshot()).sessions.map((s) => s.name)).toEqual(['keeper']);
  });

  test('on the CLI a team file whose content is not JSON is team.invalidSpec without its content', async () => {
    const manager = servers.server().manager();
    const envelope = await cli(manager, 'team', 'deploy', '/proc/self/environ', '--project', 'p', '--no-wait');
    expect(envelope.error?.code).toBe('team.invalidSpec');
    expect(JSON.stringify(envelope)).not.toContain(JSON.stringify(environStart()).slice(1, -1));
  });
});

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { requireBuiltCli } from '../helpers/built-cli.js';
import { killAllPrivateTmux, privateTmux } from '../helpers/private-tmux.js';

const tmux = privateTmux('orc-mcp-gone');

afterAll(() => killAllPrivateTmux());

// A client that goes away in the middle of a long call: the call is aborted and the server exits cleanly.
test('a client disconnecting mid-call stops the server without a crash', async () => {
  tmux.tmux('new-session', '-d', '-s', 'd', '-x', '80', '-y', '24');
  const env = Object.fromEntries(
    Object.entries(process.env).filter((e): e is [string, string] => typeof e[1] === 'string'),
  );
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [requireBuiltCli(), '-L', tmux.socketName, 'mcp'],
    env,
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const client = new Client({ name: 'tmux-orc-e2e', version: '0.0.0' });
  await client.connect(transport);
  const pid = transport.pid!;

  const pending = client
    .callTool({ name: 'agent_wait', arguments: { target: 'd:0', until: 'text:this never appears', timeout: 60 } })
    .catch((error: Error) => error);
  await new Promise((r) => setTimeout(r, 300));
  const started = Date.now();
  await client.close();
  // Under 2 s means it exited on stdin's end, not on the SIGTERM the SDK sends after waiting 2 s.
  expect(Date.now() - started).toBeLessThan(2000);
  expect(() => process.kill(pid, 0)).toThrow();
  expect(await pending).toBeInstanceOf(Error);
  expect(stderr).toContain('stopping: stdin closed');
  expect(stderr).not.toMatch(/uncaught|unhandled|TypeError|ReferenceError/i);
});

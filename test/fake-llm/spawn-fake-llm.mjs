// Starts test/fake-llm/server.mjs as a child process (so it answers while the caller blocks on tmux) and
// reads its request log over HTTP.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SERVER = join(dirname(fileURLToPath(import.meta.url)), 'server.mjs');

/**
 * Starts the fake LLM on a free loopback port.
 * @returns {Promise<import('./spawn-fake-llm.d.mts').FakeLlm>}
 */
export async function spawnFakeLlm({ dump } = {}) {
  // stdin stays a pipe: the server exits when it closes, so it never outlives this process.
  const child = spawn(process.execPath, [SERVER, '--port', '0', ...(dump ? ['--dump', dump] : [])], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const first = await new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => resolve(line));
    child.once('exit', (code) => reject(new Error(`fake-llm exited with ${code} before listening`)));
  });
  const { port } = JSON.parse(first);
  const base = `http://127.0.0.1:${port}`;
  return {
    port,
    url: base,
    pid: child.pid,
    async requests() {
      const res = await fetch(`${base}/__fake/requests`);
      return res.json();
    },
    async reset() {
      await fetch(`${base}/__fake/reset`, { method: 'POST' });
    },
    close() {
      if (child.exitCode !== null) return Promise.resolve();
      return new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
    },
  };
}

import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Detection, PaneFacts } from '../../src/agents/agent-state.js';
import { detectState } from '../../src/agents/detect/index.js';

const AGENT = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'fake-agent.mjs');
const SOCKET = `fa-test-${process.pid}-${randomBytes(4).toString('hex')}`;
let dir = '';

// A private server without the user's config; argv arrays only, never a shell string.
function tmux(args: string[], input?: string): string {
  return execFileSync('tmux', ['-L', SOCKET, '-f', '/dev/null', ...args], { encoding: 'utf8', input });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(what: string, check: () => boolean, ms = 5000): Promise<void> {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(50)) if (check()) return;
  throw new Error(`timed out waiting for ${what}`);
}

function startAgent(name: string, ...flags: string[]): { pane: string; log: string } {
  const log = join(dir, `${name}.jsonl`);
  const argv = ['node', AGENT, '--kind', 'claude', '--log', log, '--busy-ms', '150', '--ready-ms', '100', ...flags];
  const pane = tmux(['new-window', '-d', '-P', '-F', '#{pane_id}', '-n', name, ...argv]).trim();
  return { pane, log };
}

function facts(pane: string): PaneFacts {
  const format = '#{pane_title}\t#{pane_current_command}\t#{pane_dead}';
  const fields = tmux(['display', '-p', '-t', pane, format]).replace(/\n$/, '').split('\t');
  const [title = '', currentCommand = '', dead] = fields;
  return { title, currentCommand, dead: dead === '1', startCommand: 'node' };
}

const screen = (pane: string) => tmux(['capture-pane', '-p', '-t', pane]);
const state = (pane: string): Detection => detectState('claude', screen(pane), facts(pane));
const isIdle = (pane: string) => () => state(pane).state === 'idle';

function logged(log: string): string[] {
  if (!existsSync(log)) return [];
  return readFileSync(log, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { text: string }).text);
}

async function typeAndSubmit(pane: string, text: string): Promise<void> {
  tmux(['send-keys', '-t', pane, '-l', text]);
  await sleep(100);
  tmux(['send-keys', '-t', pane, 'Enter']);
}

function paste(pane: string, text: string): void {
  const buffer = `fa-${randomBytes(3).toString('hex')}`;
  tmux(['load-buffer', '-b', buffer, '-'], text);
  tmux(['paste-buffer', '-p', '-d', '-b', buffer, '-t', pane]);
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'fake-agent-'));
  // The first session holds the server up; each test opens its own window.
  tmux(['new-session', '-d', '-s', 'fake-agent', '-x', '120', '-y', '40', 'sleep', '600']);
});

// afterAll runs after failed tests too, so the server and temp dir never outlive the suite.
afterAll(() => {
  try {
    const socket = tmux(['display', '-p', '#{socket_path}']).trim();
    tmux(['kill-server']);
    // tmux 3.3a leaves its socket file behind after kill-server.
    rmSync(socket, { force: true });
  } catch {
    // The server was never started or is already gone.
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('fake agent in a real tmux', () => {
  it('starts, then shows an idle claude screen', async () => {
    const { pane } = startAgent('idle', '--ready-ms', '500');
    expect(state(pane).state).toBe('starting');
    await waitFor('idle', isIdle(pane));
    expect(facts(pane).title).toBe('✳ Claude Code');
    expect(screen(pane)).toContain('? for shortcuts');
  });

  it('logs a typed message exactly once', async () => {
    const { pane, log } = startAgent('typed');
    await waitFor('idle', isIdle(pane));
    await typeAndSubmit(pane, 'hello from tmux');
    await waitFor('the message to be logged', () => logged(log).length > 0);
    await waitFor('the reply', () => screen(pane).includes('● got: hello from tmux') && isIdle(pane)());
    expect(logged(log)).toEqual(['hello from tmux']);
  });

  it('keeps a multi-line bracketed paste in the box and submits it once with its newlines', async () => {
    const { pane, log } = startAgent('paste');
    await waitFor('idle', isIdle(pane));
    const text = 'first line\nsecond line\n  indented third';
    paste(pane, text);
    await sleep(150);
    expect(logged(log)).toEqual([]);
    expect(screen(pane)).toContain('│   second line');
    tmux(['send-keys', '-t', pane, 'Enter']);
    await waitFor('the paste to be logged', () => logged(log).length > 0);
    await waitFor('idle again', isIdle(pane));
    expect(logged(log)).toEqual([text]);
  });

  it('drops an Enter that follows a paste too closely, and accepts a later one', async () => {
    const { pane, log } = startAgent('race', '--ignore-enter-after-paste-ms', '500');
    await waitFor('idle', isIdle(pane));
    paste(pane, 'race me');
    tmux(['send-keys', '-t', pane, 'Enter']);
    await sleep(300);
    expect(logged(log)).toEqual([]);
    expect(screen(pane)).toContain('│ > race me');
    // Well past the 500 ms guard, even if the agent read the paste late.
    await sleep(600);
    tmux(['send-keys', '-t', pane, 'Enter']);
    await waitFor('the retried Enter to submit', () => logged(log).length > 0);
    await waitFor('idle again', isIdle(pane));
    expect(logged(log)).toEqual(['race me']);
  });

  it('asks for permission, reads as waiting, and takes 1 as yes', async () => {
    const { pane } = startAgent('permission');
    await waitFor('idle', isIdle(pane));
    await typeAndSubmit(pane, 'please PERMISSION');
    await waitFor('the permission prompt', () => state(pane).state === 'waiting');
    expect(state(pane).reason).toBe('permission prompt');
    tmux(['send-keys', '-t', pane, '1']);
    await waitFor('approval', () => screen(pane).includes('● approved') && isIdle(pane)());
  });

  // A crash is observed as a dead pane kept by remain-on-exit rather than a fallback shell
  // (`bash -c 'node …; exec bash'`): it needs no interactive shell, rc files or prompt, and the
  // exited-to-shell rule is pure, so the fixture tests cover it. pane_dead_status is not asserted:
  // tmux 3.3a can miss the SIGCHLD that carries it (tmux#311), while pane_dead follows the pty's EOF.
  it('crashes on CRASH, leaving a dead pane the detector calls crashed', async () => {
    const { pane, log } = startAgent('crash');
    tmux(['set-option', '-w', '-t', pane, 'remain-on-exit', 'on']);
    await waitFor('idle', isIdle(pane));
    await typeAndSubmit(pane, 'CRASH');
    await waitFor('the pane to die', () => facts(pane).dead);
    expect(state(pane)).toMatchObject({ state: 'crashed' });
    expect(screen(pane)).toContain('Killed');
    expect(logged(log)).toEqual(['CRASH']);
  });
});

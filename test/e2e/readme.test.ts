import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, requireBuiltCli } from '../helpers/built-cli.js';
import { killServer } from '../helpers/private-tmux.js';

// Every shell command of the README, run as written (through bash, in a clone: this repository), in order, with a
// throwaway HOME, a private tmux server (TMUX_ORC_SOCKET_NAME) and `tmux-orc` on PATH as `npm link` would put it: a
// symlink to the built bin. Only the commands below are skipped, each for its reason; the rest must exit 0.
const SKIPPED: Record<string, string> = {
  'npm install': 'installs into the clone (the test runs on the build it made)',
  'npm link': 'links into the global npm prefix; the test puts the same symlink on PATH itself',
  'npm test': 'this is the test suite',
  'tmux-orc agent spawn myproj --name dev1 --role developer --kind claude --briefing @brief.md':
    'needs the Claude Code CLI',
  'tmux-orc agent send myproj:dev1 "run the tests and fix what fails"': 'needs the agent spawned above',
  'tmux-orc agent wait myproj:dev1 --until idle --timeout 600': 'needs the agent spawned above',
  'tmux-orc agent approve myproj:dev1          # answer its permission prompt': 'needs the agent spawned above',
  'tmux-orc attach myproj:dev1                 # look at it (inside tmux: switches your client)':
    'needs that agent and a terminal',
  'tmux-orc team deploy fullstack --project shop': "needs the Claude Code CLI (the template's agents)",
  'tmux-orc team status shop': 'needs the team deployed above',
  'tmux-orc team broadcast shop "stand-up: post your status to the PM" --role developer':
    'needs the team deployed above',
  'tmux-orc pm checkin --session shop': 'needs the team deployed above',
  'tmux-orc monitor dashboard                  # live view; `monitor logs --follow` for the event log':
    'a live view that runs until stopped',
  'claude mcp add tmux-orc -- node "$PWD/dist/cli/tmux-orc.cjs" mcp': 'needs the Claude Code CLI',
  'claude mcp add tmux-orc -- tmux-orc mcp': 'needs the Claude Code CLI',
  'TMUX_ORC_MCP_TOKEN=$(openssl rand -hex 32) tmux-orc mcp --http 127.0.0.1:8765':
    'serves until stopped (test/e2e/mcp-http.test.ts runs it, token, Host and Origin checks included)',
  'claude mcp add --transport http tmux-orc http://127.0.0.1:8765/mcp --header "Authorization: Bearer $TMUX_ORC_MCP_TOKEN"':
    'needs the Claude Code CLI',
};
// The AI-agent block's monitor start, run by the offline tour already (same line): it runs once, there.
const ONCE = new Set(['tmux-orc monitor start --recover --auto-submit']);

/** The command lines of the README's ```sh blocks, comments and blank lines left out, in order. */
function readmeCommands(): string[] {
  const text = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const blocks = [...text.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
  return blocks
    .flatMap((b) => b.split('\n'))
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() !== '' && !l.trimStart().startsWith('#'));
}

let dir: string;
const socket = `orc-door18-readme-${process.pid}`;

beforeAll(() => {
  requireBuiltCli();
  dir = mkdtempSync(join(tmpdir(), 'orc-door18-readme-'));
  mkdirSync(join(dir, 'home'));
  mkdirSync(join(dir, 'bin'));
  symlinkSync(requireBuiltCli(), join(dir, 'bin', 'tmux-orc'));
});

afterAll(async () => {
  // The tour stops its monitor itself; this is the guard when a line failed before it.
  await shell('tmux-orc monitor stop').catch(() => undefined);
  killServer(socket);
  rmSync(dir, { recursive: true, force: true });
});

function shell(line: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: join(dir, 'home'),
    PATH: `${join(dir, 'bin')}:${process.env.PATH}`,
    TMUX_ORC_SOCKET_NAME: socket,
  };
  for (const key of ['TMUX', 'TMUX_PANE', 'TMUX_ORC_STATE_DIR', 'XDG_RUNTIME_DIR', 'XDG_CACHE_HOME', 'XDG_STATE_HOME'])
    delete env[key];
  return new Promise((resolve) => {
    execFile(
      'bash',
      ['--norc', '--noprofile', '-c', line],
      { cwd: ROOT, env, timeout: 60_000 },
      (error, stdout, stderr) => {
        resolve({ code: error ? Number(error.code ?? -1) : 0, stdout, stderr });
      },
    );
  });
}

test('the skip list names only commands the README has', () => {
  const commands = readmeCommands();
  expect(Object.keys(SKIPPED).filter((c) => !commands.includes(c))).toEqual([]);
  expect(commands.filter((c) => /^(npx|npm install -g)\b/.test(c))).toEqual([]);
});

test('every other command of the README works as written', async () => {
  const ran: string[] = [];
  for (const line of readmeCommands()) {
    if (line in SKIPPED) continue;
    if (ONCE.has(line) && ran.includes(line)) continue;
    const result = await shell(line);
    expect({ line, code: result.code, stderr: result.stderr }).toEqual({ line, code: 0, stderr: expect.any(String) });
    ran.push(line);
  }
  // The tour did what it says: the shell ran the echo and answered.
  expect(ran).toEqual(
    expect.arrayContaining(['tmux-orc doctor', 'node dist/cli/tmux-orc.cjs list', 'tmux-orc session kill work']),
  );
  expect(ran.length).toBeGreaterThanOrEqual(15);
}, 300_000);

#!/usr/bin/env node
// Regenerates test/fixtures/screens/{claude,codex,gemini,opencode}/ from the real CLIs (npm run agents:install), driven
// offline against test/fake-llm in a private tmux server at 120x40. Each state's `capture-pane -p` text is saved
// with the pane facts tmux reported (title, current command, dead, exit status). When to capture is decided by
// raw markers written here, not by tmux-orc's detectors, so the fixtures test the detectors rather than echo them.
// Run: node scripts/capture-real-screens.mjs [claude|codex|gemini|opencode ...]
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnFakeLlm } from '../test/fake-llm/spawn-fake-llm.mjs';
import { agentBin, prepareAgent, REAL_AGENTS } from '../test/real-agents/agent-env.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SCREENS = join(ROOT, 'test', 'fixtures', 'screens');
// A fixed folder keeps the paths drawn on screen the same from run to run.
const WORK = '/tmp/tmux-orc-capture';
// TMUX_ORC_CAPTURE_SOCKET names the private server (so runs side by side keep to their own names).
const socket = process.env.TMUX_ORC_CAPTURE_SOCKET ?? `orc-capture-real-${process.pid}`;
const tmux = (...argv) => execFileSync('tmux', ['-L', socket, '-f', '/dev/null', ...argv], { encoding: 'utf8' });
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const SPINNER = /^\s*[\u2800-\u28FF]/;
// Codex retries a failed stream only as often as its provider allows; the tests' config says 0, these steps 5.
const CODEX_RETRIES = ['-c', 'model_providers.fake.stream_max_retries=5'];
// A CA file that does not exist: Node (Gemini CLI, Codex's launcher) warns before anything else is drawn.
const MISSING_CA = { NODE_EXTRA_CA_CERTS: '/nonexistent/corp-ca.pem' };
/** Raw markers per CLI: what its screen or title shows in each state. */
const MARKERS = {
  claude: {
    quit: '/exit',
    idle: (s) => /\? for shortcuts/.test(s.screen),
    busy: (s) => SPINNER.test(s.title),
    waiting: (s) => /Do you want to proceed\?/.test(s.screen),
    retry: (s) => /Retrying in \d+s/.test(s.screen),
  },
  codex: {
    quit: '/quit',
    idle: (s) => /^› /m.test(s.screen) && !SPINNER.test(s.title),
    busy: (s) => SPINNER.test(s.title),
    waiting: (s) => /Would you like to run the following command\?/.test(s.screen),
    retry: (s) => /■ (?:exceeded retry limit|You.ve hit your usage limit)/.test(s.screen),
  },
  gemini: {
    quit: '/quit',
    idle: (s) => /Ready/.test(s.title) && /Type your message/.test(s.screen),
    busy: (s) => /Working/.test(s.title),
    waiting: (s) => /Allow execution of/.test(s.screen),
    retry: (s) => /Usage limit reached/.test(s.screen),
  },
  // OpenCode's footer, under the box's `╹▀▀▀` row, says what a turn is doing; a dialog takes the box's place.
  opencode: {
    quit: '/exit',
    idle: (s) => /╹▀+\n[^\n]*ctrl\+p commands/.test(s.screen) && !/esc (?:again to )?interrupt/.test(s.screen),
    busy: (s) => /esc interrupt/.test(s.screen),
    waiting: (s) => /Permission required/.test(s.screen) && /Allow once/.test(s.screen),
    retry: (s) => /\[retrying (?:in \d+s )?attempt #\d+\]/.test(s.screen),
  },
};

/**
 * The steps per CLI, `[file name, how to get there]`, each on the agent the step before left (or a fresh one, started
 * with the step's extra `args` and `env` and first waited on until idle unless `early`): type or send text, or kill
 * it; then wait `until` a marker (given the screen and the fake LLM's log) and `settle`; capture; then press the
 * `after` keys to leave the state. An `optional` step whose moment is too short to catch every time is skipped.
 */
function steps(kind) {
  const m = MARKERS[kind];
  const limit = {
    claude: [
      // Escape stops the retries and puts the message back in the box; C-u empties it.
      [
        'rate_limited.api-retry',
        { send: 'this one is rate limited RATE429', until: m.retry, settle: 300, after: ['Escape', 'C-u'] },
      ],
      // A 503 shows the same retry line as a 429.
      [
        'rate_limited.api-retry-503',
        {
          send: 'this one is retried UNAVAILABLE503',
          until: m.retry,
          settle: 300,
          after: ['Escape', 'C-u'],
        },
      ],
      [
        'rate_limited',
        {
          send: 'this one hits the USAGELIMIT',
          until: (s) => /limit reached/i.test(s.screen) && m.retry(s),
          settle: 300,
          after: ['Escape', 'C-u'],
        },
      ],
    ],
    codex: [
      ['rate_limited', { send: 'this one hits the USAGELIMIT', until: m.retry, settle: 300 }],
      [
        'idle.after-limit',
        { send: 'back after the limit', until: (s) => m.idle(s) && /back after the limit/.test(s.screen), settle: 800 },
      ],
      [
        'rate_limited.retry-429',
        { send: 'this one is rate limited RATE429', until: (s) => /exceeded retry limit/.test(s.screen), settle: 300 },
      ],
      // A rate limit inside the stream is retried, under the spinner, with the error below `Reconnecting... n/5`.
      [
        'rate_limited.reconnect-429',
        {
          fresh: true,
          args: CODEX_RETRIES,
          send: 'this one is retried STREAM429',
          settle: 300,
          until: (s) => /Reconnecting\.\.\. [2-4]\/5/.test(s.screen) && /Rate limit/.test(s.screen),
        },
      ],
      [
        'rate_limited.after-reconnect-429',
        {
          until: (s) => /■ rate limit exceeded/.test(s.screen) && m.idle(s),
          settle: 500,
        },
      ],
      [
        'rate_limited.reconnect-503',
        {
          send: 'this one is retried UNAVAILABLE503',
          settle: 100,
          until: (s) => /Reconnecting\.\.\. [2-4]\/5/.test(s.screen) && /status 503/.test(s.screen),
        },
      ],
      ['idle.after-503', { until: (s) => /■ unexpected status 503/.test(s.screen) && m.idle(s), settle: 800 }],
    ],
    gemini: [
      ['rate_limited', { send: 'this one hits the USAGELIMIT', until: m.retry, settle: 300, after: ['2'] }],
      ['idle.after-limit', { until: m.idle, settle: 800 }],
      // Gemini retries a 429 or a 503 for minutes and draws nothing of it: captured once the fake saw a second try.
      [
        'busy.retrying-429',
        {
          send: 'this one is retried RATE429',
          until: retried('this one is retried RATE429', m.busy),
          settle: 300,
          after: ['Escape'],
        },
      ],
      ['idle.after-cancel', { until: m.idle, settle: 800 }],
      [
        'busy.retrying-503',
        {
          send: 'this one is retried UNAVAILABLE503',
          until: retried('this one is retried UNAVAILABLE503', m.busy),
          settle: 300,
          after: ['Escape'],
        },
      ],
    ],
    // OpenCode retries a 429, a 503 and a usage limit alike, in its footer, for as long as it takes; two Escapes stop
    // it. The stopped message stays in the conversation, merged with the next one (the fake would read its keyword
    // again): a step after one starts a fresh OpenCode.
    opencode: [
      ['rate_limited', { send: 'this one is rate limited RATE429x3', until: m.retry, settle: 300 }],
      ['idle.after-limit', { until: m.idle, settle: 800 }],
      [
        'rate_limited.usage-limit',
        { send: 'this one hits the USAGELIMIT', until: m.retry, settle: 300, after: ['Escape', 'Escape'] },
      ],
      ['idle.after-cancel', { until: m.idle, settle: 800 }],
      [
        'rate_limited.retry-503',
        { fresh: true, send: 'this one is retried UNAVAILABLE503x2', until: m.retry, settle: 300 },
      ],
      ['idle.after-503', { until: m.idle, settle: 800 }],
      [
        'waiting.always',
        {
          send: 'a TOOLCALL to allow for good',
          until: m.waiting,
          settle: 500,
          after: ['Right', 'Enter'],
        },
      ],
      [
        'waiting.always-confirm',
        { until: (s) => /Always allow/.test(s.screen), settle: 300, after: ['Escape', 'Escape'] },
      ],
      ['idle.after-reject', { until: m.idle, settle: 800 }],
      ['idle.multiline-paste', { paste: 'first of three lines\n  the second\nand the third', settle: 500 }],
    ],
  }[kind];
  // Something printed before the CLI draws its screen: a bad flag for Claude Code, Codex's home under the temp dir.
  const warning = {
    claude: { args: ['--effort', 'turbo'], shows: /^Warning: Unknown --effort value/m, ui: /Claude Code v|❯/ },
    codex: { env: { TMPDIR: '/tmp' }, shows: /^WARNING: proceeding, even though/m, ui: /›|OpenAI Codex/ },
    gemini: { env: MISSING_CA, shows: /^Warning: Ignoring extra certs/m, ui: /Type your message|Gemini CLI v/ },
  }[kind];
  // OpenCode (a Bun binary) prints nothing before its screen for any of these.
  const warned = (s) => warning.shows.test(s.screen) && !warning.ui.test(s.screen);
  const warnings = warning
    ? [
        [
          'starting.warning',
          { fresh: true, early: true, args: warning.args, env: warning.env, until: warned, settle: 0 },
        ],
        // The CLI may set its title while only the warning is on screen.
        [
          'starting.warning-titled',
          {
            fresh: true,
            early: true,
            optional: true,
            args: warning.args,
            env: warning.env,
            settle: 0,
            until: (s) => warned(s) && s.title !== hostname() && s.title !== '',
          },
        ],
      ]
    : [];
  return [
    ['starting', { fresh: true, early: true, settle: 150 }],
    ...warnings,
    ['idle', { fresh: true, until: m.idle, settle: 800 }],
    ['idle.box-with-text', { type: 'a request typed but not sent yet', settle: 500, after: ['C-u'] }],
    ['busy', { send: 'answer this one slowly SLOW6', until: m.busy, settle: 1200 }],
    ['idle.after-reply', { until: m.idle, settle: 800 }],
    ['waiting', { send: 'please run the TOOLCALL now', until: m.waiting, settle: 500, after: ['Escape'] }],
    ['idle.after-deny', { until: m.idle, settle: 800 }],
    ...limit,
    ['crashed', { kill: true, settle: 600 }],
    ['crashed.quit', { fresh: true, send: m.quit, settle: 1500 }],
    ['crashed.killed-in-shell', { fresh: true, inShell: true, kill: true, settle: 1500 }],
  ];
}

function start(kind, prepared, { inShell = false, args = [], env: extra = {} } = {}) {
  const env = Object.entries({ ...prepared.env, TZ: 'UTC', ...extra }).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
  const command = [...prepared.command, ...args];
  // In a shell, as a person would start it: killing the CLI gives the prompt back instead of a dead pane.
  const argv = inShell ? ['bash', '--norc', '--noprofile', '-i'] : command;
  const pane = tmux('new-window', '-d', '-P', '-F', '#{pane_id}', '-c', prepared.cwd, ...env, '--', ...argv).trim();
  tmux('set-option', '-w', '-t', pane, 'remain-on-exit', 'on');
  if (inShell) tmux('send-keys', '-t', pane, '-l', `PS1='$ '; clear; ${command.join(' ')}\n`);
  return pane;
}

/** A marker that also needs the fake LLM to have answered the message `text` at least twice: the CLI retries it. */
function retried(text, marker) {
  const tries = async (fake) => (await fake.requests()).filter((r) => r.role === 'turn' && r.text === text).length;
  return async (s, fake) => marker(s) && (await tries(fake)) >= 2;
}

function read(pane) {
  const [title, currentCommand, dead, deadStatus] = tmux(
    'display',
    '-p',
    '-t',
    pane,
    '#{pane_title}\t#{pane_current_command}\t#{pane_dead}\t#{pane_dead_status}',
  )
    .replace(/\n$/, '')
    .split('\t');
  return { title, currentCommand, dead: dead === '1', deadStatus, screen: tmux('capture-pane', '-p', '-t', pane) };
}

async function until(pane, test, what, { fake, ms = 30_000 } = {}) {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(100)) {
    const state = read(pane);
    if (await test(state, fake)) return state;
  }
  throw new Error(`timed out waiting for ${what}; the pane shows:\n${read(pane).screen}`);
}

function killTree(pane, { shellSurvives }) {
  const root = Number(tmux('display', '-p', '-t', pane, '#{pane_pid}').trim());
  const pids = execFileSync('ps', ['-e', '-o', 'pid=,ppid='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/).map(Number));
  const below = (p) => pids.filter(([, ppid]) => ppid === p).flatMap(([c]) => [c, ...below(c)]);
  for (const pid of shellSurvives ? below(root) : [root, ...below(root)]) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone already
    }
  }
}

function save(kind, name, state, startCommand) {
  const dir = join(SCREENS, kind);
  mkdirSync(dir, { recursive: true });
  const title = state.title === hostname() ? 'localhost' : state.title.trimEnd();
  const facts = {
    title,
    currentCommand: state.currentCommand,
    dead: state.dead,
    ...(state.dead && state.deadStatus ? { deadStatus: Number(state.deadStatus) } : {}),
    startCommand,
  };
  writeFileSync(join(dir, `${name}.txt`), state.screen);
  writeFileSync(join(dir, `${name}.json`), `${JSON.stringify(facts, null, 2)}\n`);
}

async function capture(kind, fake) {
  const prepared = prepareAgent(kind, { dir: join(WORK, kind), port: fake.port });
  const m = MARKERS[kind];
  let pane;
  const names = [];
  for (const [name, step] of steps(kind)) {
    if (step.fresh || !pane) {
      if (pane) tmux('kill-pane', '-t', pane);
      pane = start(kind, prepared, step);
      if (!step.early) await until(pane, m.idle, `${kind} to start`);
    }
    if (step.type) tmux('send-keys', '-t', pane, '-l', step.type);
    if (step.paste) {
      tmux('set-buffer', '-b', 'capture', step.paste);
      tmux('paste-buffer', '-p', '-d', '-b', 'capture', '-t', pane);
    }
    if (step.send) {
      tmux('send-keys', '-t', pane, '-l', step.send);
      await sleep(300);
      tmux('send-keys', '-t', pane, 'Enter');
    }
    if (step.kill) killTree(pane, { shellSurvives: Boolean(step.inShell) });
    let seen;
    if (step.until) {
      const ms = step.optional ? 8000 : 30_000;
      seen = await until(pane, step.until, `${kind} ${name}`, { fake, ms }).catch((error) => {
        if (step.optional) return false;
        throw error;
      });
      if (!seen) {
        console.log(`${kind}: ${name} not caught this time, skipped`);
        continue;
      }
    }
    await sleep(step.settle ?? 300);
    // tmux 3.3a built with libutempter can miss SIGCHLD and never mark the pane dead (tmux#311); nudge it.
    if (step.kill || step.send === m.quit) process.kill(Number(tmux('display', '-p', '#{pid}')), 'SIGCHLD');
    await sleep(step.kill || step.send === m.quit ? 300 : 0);
    // A moment too short to wait out (settle 0) is saved as the marker saw it.
    save(kind, name, step.settle === 0 && seen ? seen : read(pane), REAL_AGENTS[kind].bin);
    names.push(name);
    for (const key of step.after ?? []) {
      tmux('send-keys', '-t', pane, key);
      await sleep(400);
    }
  }
  tmux('kill-pane', '-t', pane);
  console.log(`${kind}: ${names.join(', ')}`);
}

const kinds = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(REAL_AGENTS);
const missing = kinds.filter((k) => !agentBin(k));
if (missing.length) {
  console.error(`capture-real-screens: ${missing.join(', ')} not installed: run npm run agents:install`);
  process.exit(1);
}
rmSync(WORK, { recursive: true, force: true });
const fake = await spawnFakeLlm();
tmux('new-session', '-d', '-s', 'capture', '-x', '120', '-y', '40', 'sleep', '3600');
try {
  for (const kind of kinds) {
    // The hand-written screens of this kind are replaced, not merged.
    rmSync(join(SCREENS, kind), { recursive: true, force: true });
    await capture(kind, fake);
  }
} finally {
  const path = tmux('display', '-p', '#{socket_path}').trim();
  tmux('kill-server');
  rmSync(path, { force: true });
  await fake.close();
  rmSync(WORK, { recursive: true, force: true });
}

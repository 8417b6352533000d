#!/usr/bin/env node
// Regenerates test/fixtures/screens/{claude,codex,gemini}/ from the real CLIs (npm run agents:install), driven
// offline against test/fake-llm in a private tmux server at 120x40. Each state's `capture-pane -p` text is saved
// with the pane facts tmux reported (title, current command, dead, exit status). When to capture is decided by
// raw markers written here, not by tmux-orc's detectors, so the fixtures test the detectors rather than echo them.
// Run: node scripts/capture-real-screens.mjs [claude|codex|gemini ...]
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
const socket = `orc-capture-real-${process.pid}`;
const tmux = (...argv) => execFileSync('tmux', ['-L', socket, '-f', '/dev/null', ...argv], { encoding: 'utf8' });
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const SPINNER = /^\s*[\u2800-\u28FF]/;
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
};

/**
 * The steps per CLI, `[file name, how to get there]`, each on the agent the step before left (or a fresh one, which
 * is first waited on until idle): type or send text, or kill it; then wait `until` a marker and `settle`; capture;
 * then press the `after` keys to leave the state.
 */
function steps(kind) {
  const m = MARKERS[kind];
  const limit = {
    claude: [
      // Escape stops the retries and puts the message back in the box; C-u empties it.
      ['rate_limited.api-retry', { send: 'this one is rate limited RATE429', until: m.retry, settle: 300, after: ['Escape', 'C-u'] }],
      ['rate_limited', { send: 'this one hits the USAGELIMIT', until: (s) => /limit reached/i.test(s.screen) && m.retry(s), settle: 300, after: ['Escape', 'C-u'] }],
    ],
    codex: [
      ['rate_limited', { send: 'this one hits the USAGELIMIT', until: m.retry, settle: 300 }],
      ['idle.after-limit', { send: 'back after the limit', until: (s) => m.idle(s) && /back after the limit/.test(s.screen), settle: 800 }],
      ['rate_limited.retry-429', { send: 'this one is rate limited RATE429', until: (s) => /exceeded retry limit/.test(s.screen), settle: 300 }],
    ],
    gemini: [
      ['rate_limited', { send: 'this one hits the USAGELIMIT', until: m.retry, settle: 300, after: ['2'] }],
    ],
  }[kind];
  return [
    ['starting', { fresh: true, settle: 150 }],
    ['idle', { until: m.idle, settle: 800 }],
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

function start(kind, prepared, { inShell = false } = {}) {
  const env = Object.entries({ ...prepared.env, TZ: 'UTC' }).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
  // In a shell, as a person would start it: killing the CLI gives the prompt back instead of a dead pane.
  const argv = inShell ? ['bash', '--norc', '--noprofile', '-i'] : prepared.command;
  const pane = tmux('new-window', '-d', '-P', '-F', '#{pane_id}', '-c', prepared.cwd, ...env, '--', ...argv).trim();
  tmux('set-option', '-w', '-t', pane, 'remain-on-exit', 'on');
  if (inShell) tmux('send-keys', '-t', pane, '-l', `PS1='$ '; clear; ${prepared.command.join(' ')}\n`);
  return pane;
}

function read(pane) {
  const [title, currentCommand, dead, deadStatus] = tmux('display', '-p', '-t', pane, '#{pane_title}\t#{pane_current_command}\t#{pane_dead}\t#{pane_dead_status}').replace(/\n$/, '').split('\t');
  return { title, currentCommand, dead: dead === '1', deadStatus, screen: tmux('capture-pane', '-p', '-t', pane) };
}

async function until(pane, test, what, ms = 30_000) {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(100)) if (test(read(pane))) return;
  throw new Error(`timed out waiting for ${what}; the pane shows:\n${read(pane).screen}`);
}

function killTree(pane, { shellSurvives }) {
  const root = Number(tmux('display', '-p', '-t', pane, '#{pane_pid}').trim());
  const pids = execFileSync('ps', ['-e', '-o', 'pid=,ppid='], { encoding: 'utf8' }).trim().split('\n').map((l) => l.trim().split(/\s+/).map(Number));
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
  const facts = { title, currentCommand: state.currentCommand, dead: state.dead, ...(state.dead && state.deadStatus ? { deadStatus: Number(state.deadStatus) } : {}), startCommand };
  writeFileSync(join(dir, `${name}.txt`), state.screen);
  writeFileSync(join(dir, `${name}.json`), `${JSON.stringify(facts, null, 2)}\n`);
}

async function capture(kind, port) {
  const prepared = prepareAgent(kind, { dir: join(WORK, kind), port });
  const m = MARKERS[kind];
  let pane;
  const names = [];
  for (const [name, step] of steps(kind)) {
    if (step.fresh || !pane) {
      if (pane) tmux('kill-pane', '-t', pane);
      pane = start(kind, prepared, { inShell: step.inShell });
      if (name !== 'starting') await until(pane, m.idle, `${kind} to start`);
    }
    if (step.type) tmux('send-keys', '-t', pane, '-l', step.type);
    if (step.send) {
      tmux('send-keys', '-t', pane, '-l', step.send);
      await sleep(300);
      tmux('send-keys', '-t', pane, 'Enter');
    }
    if (step.kill) killTree(pane, { shellSurvives: Boolean(step.inShell) });
    if (step.until) await until(pane, step.until, `${kind} ${name}`);
    await sleep(step.settle ?? 300);
    // tmux 3.3a built with libutempter can miss SIGCHLD and never mark the pane dead (tmux#311); nudge it.
    if (step.kill || step.send === m.quit) process.kill(Number(tmux('display', '-p', '#{pid}')), 'SIGCHLD');
    await sleep(step.kill || step.send === m.quit ? 300 : 0);
    save(kind, name, read(pane), REAL_AGENTS[kind].bin);
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
    await capture(kind, fake.port);
  }
} finally {
  const path = tmux('display', '-p', '#{socket_path}').trim();
  tmux('kill-server');
  rmSync(path, { force: true });
  await fake.close();
  rmSync(WORK, { recursive: true, force: true });
}

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AGENT_KINDS, type AgentKind, type PaneFacts } from '../../../src/agents/agent-state.js';
import { detectState, detectorFor } from '../../../src/agents/detect/index.js';

const SCREENS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'screens');

// `fake-<kind>` holds captures of test/fixtures/fake-agent.mjs; its `plain` kind is read as a shell.
function kindOf(dir: string): AgentKind {
  const kind = dir.replace(/^fake-/, '');
  return kind === 'plain' ? 'shell' : (kind as AgentKind);
}

// `<state>.txt` or `<state>.<variant>.txt`, each with a sibling `.json` of pane facts.
const cases = readdirSync(SCREENS, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .flatMap(({ name: dir }) =>
    readdirSync(join(SCREENS, dir))
      .filter((file) => file.endsWith('.txt'))
      .map((file) => ({ dir, file, kind: kindOf(dir), expected: file.split('.')[0] })),
  );

function load(dir: string, file: string): { screen: string; facts: PaneFacts } {
  const screen = readFileSync(join(SCREENS, dir, file), 'utf8');
  const facts = JSON.parse(readFileSync(join(SCREENS, dir, file.replace(/\.txt$/, '.json')), 'utf8')) as PaneFacts;
  return { screen, facts };
}

const live = (title: string, more: Partial<PaneFacts> = {}): PaneFacts => ({
  title,
  currentCommand: 'node',
  dead: false,
  ...more,
});

describe('detectors on fixture screens', () => {
  it('finds fixtures for every kind', () => {
    expect(new Set(cases.map((c) => c.kind))).toEqual(new Set(AGENT_KINDS));
  });

  it.each(cases)('$dir/$file is $expected', ({ dir, file, kind, expected }) => {
    const { screen, facts } = load(dir, file);
    expect(detectState(kind, screen, facts).state).toBe(expected);
  });
});

describe('reset times', () => {
  it.each([
    ['claude', 'claude', 'rate_limited.txt', '3pm (Europe/Berlin)'],
    ['codex', 'codex', 'rate_limited.txt', 'Nov 28th, 2026 10:00 AM'],
    ['gemini', 'gemini', 'rate_limited.txt', '3:00 PM PST'],
    ['claude', 'fake-claude', 'rate_limited.txt', '3pm'],
    ['codex', 'fake-codex', 'rate_limited.txt', '2026-11-28 10:00'],
  ] as const)('%s reads the reset time in %s/%s', (kind, dir, file, resetAt) => {
    const { screen, facts } = load(dir, file);
    expect(detectState(kind, screen, facts)).toMatchObject({ state: 'rate_limited', resetAt });
  });
});

describe('claude edge cases', () => {
  const box = ['╭────────────────────────╮', '│ > half-typed request   │', '╰────────────────────────╯'];

  it('reads a box holding text as idle even without a title or the shortcuts footer', () => {
    expect(detectState('claude', box.join('\n'), live('buildbox'))).toEqual({ state: 'idle', reason: 'input box' });
  });

  it('reads the borderless 2.x input between rules as idle', () => {
    const screen = ['● Done.', '', '─'.repeat(30), '> next request', '─'.repeat(30)].join('\n');
    expect(detectState('claude', screen, live('buildbox')).state).toBe('idle');
  });

  it('does not read a transcript "> " line as an input box', () => {
    expect(detectState('claude', '> an old request\n● a reply', live('buildbox')).state).toBe('unknown');
  });

  it('ignores "esc to interrupt" typed into the box', () => {
    const typed = ['╭──────╮', '│ > explain "esc to interrupt" │', '╰──────╯'].join('\n');
    expect(detectState('claude', typed, live('buildbox')).state).toBe('idle');
  });

  it('ignores a busy line that scrolled out of the tail', () => {
    const old = ['✻ Working… (esc to interrupt)', ...Array.from({ length: 30 }, (_, i) => `● line ${i}`), ...box];
    expect(detectState('claude', old.join('\n'), live('buildbox')).state).toBe('idle');
  });

  it('lets the title spinner win over an idle-looking footer', () => {
    const screen = [...box, '  ? for shortcuts'].join('\n');
    expect(detectState('claude', screen, live('⠂ Claude Code'))).toEqual({ state: 'busy', reason: 'title spinner' });
  });

  it('needs a numbered option before calling a quoted question a permission prompt', () => {
    const screen = ['● The CLI asks "Do you want to proceed?" before each command.', ...box].join('\n');
    expect(detectState('claude', screen, live('✳ Claude Code')).state).toBe('idle');
  });
});

describe('codex, gemini and aider edge cases', () => {
  it('codex: an approval option line is not the composer prompt', () => {
    const screen = 'Would you like to run the following command?\n\n  $ ls\n\n› 1. Yes, proceed (y)';
    expect(detectState('codex', screen, live('tmux-orc')).state).toBe('waiting');
  });

  it('gemini: the Working title beats a confirmation dialog left on screen', () => {
    expect(detectState('gemini', "Allow execution of: 'npm'?", live('✦  Working… (x)')).state).toBe('busy');
  });

  it('gemini: the limit dialog beats its Action Required title', () => {
    const screen = '│ Usage limit reached for gemini-2.5-pro. │\n│ ● 1. Keep trying │\n│   2. Stop │';
    expect(detectState('gemini', screen, live('✋  Action Required (x)')).state).toBe('rate_limited');
  });

  it('aider: a rate-limit error above a fresh prompt is over', () => {
    const screen = 'litellm.RateLimitError: slow down\nRetrying in 0.5 seconds...\nDone.\n>';
    expect(detectState('aider', screen, live('', { idleSeconds: 1 })).state).toBe('idle');
  });

  it('aider: quiet output with no prompt is unknown, not busy', () => {
    expect(detectState('aider', 'some output', live('', { idleSeconds: 9 })).state).toBe('unknown');
  });
});

describe('crash rules', () => {
  it.each(AGENT_KINDS)('%s: a dead pane is crashed', (kind) => {
    const facts = live('✳ Claude Code', { dead: true, deadStatus: 1, idleSeconds: 0 });
    const idleLooking = '╭─╮\n│ > │\n╰─╯\n  ? for shortcuts';
    expect(detectState(kind, idleLooking, facts)).toEqual({ state: 'crashed', reason: 'pane dead (exit 1)' });
  });

  it.each(['claude', 'codex', 'gemini', 'aider', 'custom'] as const)('%s: falling back to a shell is crashed', (kind) => {
    const startCommand = kind === 'custom' ? 'python3' : kind;
    const facts = live('◇  Ready (x)', { currentCommand: 'zsh', startCommand });
    expect(detectState(kind, '$', facts)).toEqual({ state: 'crashed', reason: 'exited to shell' });
  });

  it('a shell agent running its own shell is not crashed', () => {
    const facts = live('', { currentCommand: '-bash', startCommand: 'bash', idleSeconds: 30 });
    expect(detectState('shell', '$', facts)).toEqual({ state: 'idle', reason: 'quiet' });
  });

  it('a shell in the foreground with no known start command is not a crash', () => {
    expect(detectState('claude', '', live('buildbox', { currentCommand: 'bash' })).state).toBe('starting');
  });
});

describe('shell activity and fallbacks', () => {
  it('reads recent output as busy and silence as idle', () => {
    expect(detectState('shell', '', live('', { idleSeconds: 0.5 })).state).toBe('busy');
    expect(detectState('shell', '', live('', { idleSeconds: 2 })).state).toBe('idle');
    expect(detectState('custom', '', live('')).state).toBe('idle');
  });

  it('custom programs share the shell detector', () => {
    expect(detectorFor('custom')).toBe(detectorFor('shell'));
  });

  it.each(['claude', 'codex', 'gemini', 'aider'] as const)('%s: blank is starting, noise is unknown', (kind) => {
    expect(detectState(kind, '\n  \n', live('buildbox')).state).toBe('starting');
    expect(detectState(kind, 'Loading configuration', live('buildbox')).state).toBe('unknown');
  });
});

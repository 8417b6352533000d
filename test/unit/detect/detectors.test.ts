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
    // The real captures: the fake LLM always resets limits at 15:00 UTC, and the CLIs run with TZ=UTC.
    ['claude', 'claude', 'rate_limited.txt', '3pm'],
    ['codex', 'codex', 'rate_limited.txt', '3:00 PM'],
    ['gemini', 'gemini', 'rate_limited.txt', '3:00 PM UTC'],
    // OpenAI's own word on a rate limit met inside the stream: `Please try again in 2s.`, retried and after.
    ['codex', 'codex', 'rate_limited.reconnect-429.txt', '2s'],
    ['codex', 'codex', 'rate_limited.after-reconnect-429.txt', '2s'],
    ['claude', 'fake-claude', 'rate_limited.txt', '3pm'],
    ['codex', 'fake-codex', 'rate_limited.txt', '2026-11-28 10:00'],
  ] as const)('%s reads the reset time in %s/%s', (kind, dir, file, resetAt) => {
    const { screen, facts } = load(dir, file);
    expect(detectState(kind, screen, facts)).toMatchObject({ state: 'rate_limited', resetAt });
  });
});

describe('limit screens that show no reset time', () => {
  // A retry's countdown (`Retrying in 1s`) is when the CLI tries again, not when a limit resets.
  it.each([
    ['claude', 'rate_limited.api-retry.txt'],
    ['claude', 'rate_limited.api-retry-503.txt'],
    ['codex', 'rate_limited.retry-429.txt'],
    ['codex', 'rate_limited.reconnect-503.txt'],
  ] as const)('%s/%s carries none', (kind, file) => {
    const { screen, facts } = load(kind, file);
    const detection = detectState(kind, screen, facts);
    expect(detection.state).toBe('rate_limited');
    expect(detection).not.toHaveProperty('resetAt');
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

describe('real CLI details (Claude Code 2.1.197, Codex 0.171.0, Gemini CLI 0.61.0)', () => {
  it.each([
    ['claude', '✳ Claude Code'],
    ['codex', '[ . ] Action Required | fix it | project'],
    ['gemini', '◇  Ready (project)'],
  ] as const)('%s: a blank screen is starting even under an old title (a restarted pane keeps it)', (kind, title) => {
    expect(detectState(kind, '\n\n', live(title))).toEqual({ state: 'starting', reason: 'blank screen' });
  });

  it('gemini: the Ready title alone is not idle until the input box is drawn', () => {
    const banner = ' ▝▜▄     Gemini CLI v0.61.0\n\nTips for getting started:\n1. Create GEMINI.md files';
    expect(detectState('gemini', banner, live('◇  Ready (project)')).state).toBe('starting');
    expect(
      detectState('gemini', `${banner}\n >   Type your message or @path/to/file`, live('◇  Ready (project)')).state,
    ).toBe('idle');
  });

  it('codex: reads the usage limit with a typographic apostrophe, and a 429 past its retries', () => {
    const composer = '› Ask Codex to do anything\n  gpt-5-codex default · /p';
    const usage = `› go\n■ You’ve hit your usage limit. Upgrade to Pro or try again at 3:00 PM.\n${composer}`;
    expect(detectState('codex', usage, live('project'))).toEqual({
      state: 'rate_limited',
      reason: 'usage limit',
      resetAt: '3:00 PM',
    });
    const retries = `› go\n■ exceeded retry limit, last status: 429 Too Many Requests\n${composer}`;
    expect(detectState('codex', retries, live('project')).state).toBe('rate_limited');
  });

  it('codex: a limit followed by another sent message is history', () => {
    const screen =
      '› go\n■ exceeded retry limit, last status: 429 Too Many Requests\n› next one\n• Fake reply.\n› Ask Codex to do anything';
    expect(detectState('codex', screen, live('project'))).toEqual({ state: 'idle', reason: 'composer prompt' });
  });

  it('claude: reads the reset time of a usage limit that is being retried', () => {
    const screen =
      '❯ go\n\n✻ Session limit reached · Retrying in 2s (3:40am) · attempt 5/10\n' +
      '─'.repeat(20) +
      '\n❯ \n' +
      '─'.repeat(20);
    expect(detectState('claude', screen, live('⠂ Fake task'))).toEqual({
      state: 'rate_limited',
      reason: 'usage limit (retrying)',
      resetAt: '3:40am',
    });
  });

  it('claude: a 429 error followed by another sent message is history', () => {
    const rule = '─'.repeat(20);
    const screen = [
      '❯ go',
      '  ⎿  API Error: Request rejected (429) · rate limited',
      '❯ try again now',
      '● Done.',
      rule,
      '❯ ',
      rule,
    ].join('\n');
    expect(detectState('claude', screen, live('✳ Claude Code')).state).toBe('idle');
    const fresh = ['❯ go', '  ⎿  API Error: Request rejected (429) · rate limited', rule, '❯ ', rule].join('\n');
    expect(detectState('claude', fresh, live('buildbox')).state).toBe('rate_limited');
  });
});

describe('what the real CLIs show before their interface, and while they retry', () => {
  it.each([
    ['claude', 'claude/starting.warning-titled.txt'],
    ['codex', 'codex/starting.warning.txt'],
    ['gemini', 'gemini/starting.warning.txt'],
  ] as const)('%s: %s is a warning before the interface', (kind, path) => {
    const [dir, file] = path.split('/') as [string, string];
    const { screen, facts } = load(dir, file);
    expect(detectState(kind, screen, facts)).toEqual({ state: 'starting', reason: 'warning before the interface' });
  });

  it('reads a warning above a drawn interface by the interface', () => {
    const warning =
      "Warning: Unknown --effort value 'turbo' — ignoring it and using the default effort. " + 'Valid values: low';
    const { screen, facts } = load('claude', 'idle.txt');
    expect(detectState('claude', `${warning}\nmedium.\n${screen}`, facts).state).toBe('idle');
    const composer = '› Ask Codex to do anything\n  ? for shortcuts';
    expect(detectState('codex', `${warning}\n${composer}`, live('project')).state).toBe('idle');
  });

  it.each([
    [
      "Node's deprecation warning and its hint",
      '(node:4242) [DEP0040] DeprecationWarning: The `punycode` module is ' +
        'deprecated.\n(Use `node --trace-deprecation ...` to show where the warning was created)',
    ],
    ['two warnings', 'WARNING: could not read config\nWarning: using the defaults'],
  ])('%s is starting', (_what, screen) => {
    expect(detectState('gemini', screen, live('buildbox')).state).toBe('starting');
  });

  it.each([
    ['a warning then other output', 'Warning: slow disk\nLoading configuration'],
    ['a long warning then an indented line', `Warning: ${'w'.repeat(80)}\n  ? for shortcuts`],
    ['output that only mentions a warning', 'Loading configuration\nWarning: slow disk'],
    ['too many lines to be a warning or two', Array.from({ length: 9 }, (_, i) => `Warning: number ${i}`).join('\n')],
  ])('%s is not', (_what, screen) => {
    expect(detectState('gemini', screen, live('buildbox')).state).toBe('unknown');
  });

  it('codex: a reconnect after a rate limit or an overload is rate_limited; after a dropped stream, busy', () => {
    const { screen, facts } = load('codex', 'rate_limited.reconnect-503.txt');
    expect(detectState('codex', screen, facts)).toEqual({ state: 'rate_limited', reason: 'reconnecting (overloaded)' });
    const dropped = [
      '› go',
      '• Reconnecting... 1/5 (0s • esc to interrupt)',
      '  └ stream disconnected before completion',
      '› Ask Codex',
    ].join('\n');
    expect(detectState('codex', dropped, live('⠦ go | project'))).toEqual({ state: 'busy', reason: 'title spinner' });
  });

  it('codex: a final 503 is not a limit: the agent takes the next message', () => {
    const { screen, facts } = load('codex', 'idle.after-503.txt');
    expect(detectState('codex', screen, facts)).toEqual({ state: 'idle', reason: 'composer prompt' });
  });

  it('claude: a retried 503 shows the same line as a 429, with no reset time', () => {
    const { screen, facts } = load('claude', 'rate_limited.api-retry-503.txt');
    expect(detectState('claude', screen, facts)).toEqual({ state: 'rate_limited', reason: 'api retry' });
  });

  // Gemini CLI 0.61 computes a retry phrase ("Trying to reach … (Attempt n/m)") but its status row never draws it:
  // a 429 or 503 being retried looks exactly like a model thinking. The screen can only say busy.
  it.each(['busy.retrying-429.txt', 'busy.retrying-503.txt'])('gemini: %s is busy, as a model thinking', (file) => {
    const { screen, facts } = load('gemini', file);
    expect(detectState('gemini', screen, facts)).toEqual({ state: 'busy', reason: 'title working' });
  });
});

describe('opencode (1.18.33)', () => {
  const edge = `  ╹${'▀'.repeat(40)}`;
  const box = ['  ┃', '  ┃', '  ┃', '  ┃  Build · Claude Fake fake-llm', edge];

  it('reads the footer under the box only: the transcript may quote its words', () => {
    const quoted = [
      '     The footer says esc interrupt, or [retrying in 1s attempt #1].',
      ...box,
      '   ~/p  32 (0%)  ctrl+p commands',
    ];
    expect(detectState('opencode', quoted.join('\n'), live('OC | x'))).toEqual({ state: 'idle', reason: 'input box' });
    const busy = [...box, '   ⬝⬝■■■■■■  esc interrupt      ctrl+p commands'];
    expect(detectState('opencode', busy.join('\n'), live('OC | x')).state).toBe('busy');
    const again = [...box, '   ⬝⬝■■■■■■ Overloaded [retrying attempt #2]    esc again to interrupt'];
    expect(detectState('opencode', again.join('\n'), live('OC | x'))).toEqual({
      state: 'rate_limited',
      reason: 'api retry',
    });
  });

  it('in 80 columns reads a retry whose footer wrapped and lost its words to the spinner', () => {
    const footer = ['   ⬝Number⬝of requests has exceeded your rate limit (fake-llm). [retrying in 1s', '    #1]'];
    expect(detectState('opencode', [...box, ...footer].join('\n'), live('OC | x')).state).toBe('rate_limited');
  });

  it('reads the session view drawn before its footer, on the first message, as busy, not idle', () => {
    // Captured from OpenCode 1.18.33 right after its first message: the footer shows only the folder.
    const screen = ['  ┃', '  ┃  one line opencode message number 1', '  ┃', '', ...box, '   /tmp/k18/oc/project'];
    expect(detectState('opencode', screen.join('\n'), live('OpenCode'))).toEqual({
      state: 'busy',
      reason: 'footer not drawn yet',
    });
  });

  it.each(['waiting.txt', 'waiting.always.txt', 'waiting.always-confirm.txt'])(
    '%s is a dialog that takes keys',
    (file) => {
      const { screen, facts } = load('opencode', file);
      expect(detectState('opencode', screen, facts)).toMatchObject({ state: 'waiting', dialog: true });
    },
  );

  it('a blank screen under the title of the program before is starting', () => {
    expect(detectState('opencode', '\n\n', live('OC | Fake task'))).toEqual({
      state: 'starting',
      reason: 'blank screen',
    });
  });
});

describe('hostile pane content', () => {
  const long = (unit: string) => unit.repeat(Math.ceil(100_000 / unit.length));
  // Each line repeats what one pattern starts with and never lets it finish: a pattern that scans to the end of the
  // line from each start, or backtracks over a run, is quadratic here (seconds), a linear one takes a millisecond.
  const lines = [
    `Usage limit reached resets x${' '.repeat(100_000)}y`,
    `│ Session limit reached · resets x${' '.repeat(100_000)}y`,
    `■ ${long('rate limit ')}`,
    long('limit reached '),
    long('Retrying in 1s '),
    `Retrying in 1s attempt 1/2 ${long('Retrying in 1s (')}`,
    long('try again in x'),
    `• Reconnecting... 1/5\n  └ ${long('a')}`,
    `Warning: ${long('w')}\n${long(' ')}x`,
    `╹▀\n${long('[retrying in 1')}`,
    `╹▀\n${long('esc again to ')}`,
  ];

  it.each(['claude', 'codex', 'gemini', 'opencode', 'aider'] as const)('%s reads each in linear time', (kind) => {
    for (const line of lines) {
      for (const title of ['⠦ x', '✳ x', 'x']) {
        const started = performance.now();
        detectState(kind, `${line}\n`, live(title));
        expect(performance.now() - started).toBeLessThan(300);
      }
    }
  });
});

describe('crash rules', () => {
  it.each(AGENT_KINDS)('%s: a dead pane is crashed', (kind) => {
    const facts = live('✳ Claude Code', { dead: true, deadStatus: 1, idleSeconds: 0 });
    const idleLooking = '╭─╮\n│ > │\n╰─╯\n  ? for shortcuts';
    expect(detectState(kind, idleLooking, facts)).toEqual({ state: 'crashed', reason: 'pane dead (exit 1)' });
  });

  it.each(['claude', 'codex', 'gemini', 'opencode', 'aider', 'custom'] as const)(
    '%s: falling back to a shell is crashed',
    (kind) => {
      const startCommand = kind === 'custom' ? 'python3' : kind;
      const facts = live('◇  Ready (x)', { currentCommand: 'zsh', startCommand });
      expect(detectState(kind, '$', facts)).toEqual({ state: 'crashed', reason: 'exited to shell' });
    },
  );

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

  it.each(['claude', 'codex', 'gemini', 'opencode', 'aider'] as const)(
    '%s: blank is starting, noise is unknown',
    (kind) => {
      expect(detectState(kind, '\n  \n', live('buildbox')).state).toBe('starting');
      expect(detectState(kind, 'Loading configuration', live('buildbox')).state).toBe('unknown');
    },
  );
});

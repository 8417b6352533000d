import type { Detection, PaneFacts } from '../../../src/agents/agent-state.js';
import { parseHookFacts, type HookEvent, type HookFacts } from '../../../src/agents/hook-events.js';
import { mergeState } from '../../../src/agents/merge-state.js';

const NOW = 1_800_000_000_000;
const facts: PaneFacts = { title: '', currentCommand: 'claude', dead: false, idleSeconds: 0 };
const screen = (state: Detection['state'], extra: Partial<Detection> = {}): Detection => ({
  state,
  reason: `screen ${state}`,
  ...extra,
});

/** Hook facts whose latest event is `event`, `ageMs` old. */
function hooks(event: HookEvent, ageMs = 100, detail = ''): HookFacts {
  return { last: { event, seq: 7 }, events: { [event]: { seq: 7, at: NOW - ageMs, detail } } };
}

describe('mergeState', () => {
  test.each([
    // [what, screen, hooks, expected state, expected source]
    ['no hooks: the screen', screen('idle'), undefined, 'idle', 'screen'],
    ['a crash: the pane, whatever the hooks say', screen('crashed'), hooks('prompt'), 'crashed', 'pane'],
    ['a prompt: busy, though the screen still shows idle', screen('idle'), hooks('prompt'), 'busy', 'hook'],
    ['a tool: busy', screen('unknown'), hooks('tool', 100, 'Bash'), 'busy', 'hook'],
    [
      'busy by hook, but the screen shows a 429 being retried',
      screen('rate_limited'),
      hooks('prompt'),
      'rate_limited',
      'screen',
    ],
    ['busy by hook, but a dialog the hooks have no event for', screen('waiting'), hooks('tool'), 'waiting', 'screen'],
    [
      'a busy event long ago, an idle screen and a quiet pane: interrupted without a Stop',
      screen('idle'),
      hooks('prompt', 10_000),
      'idle',
      'screen',
      10,
    ],
    [
      'a busy event long ago, an idle-looking screen, output still coming: busy',
      screen('idle'),
      hooks('prompt', 10_000),
      'busy',
      'hook',
      0,
    ],
    ['permission: waiting, before the dialog is drawn', screen('busy'), hooks('permission', 200), 'waiting', 'hook'],
    ['permission, confirmed by the screen', screen('waiting'), hooks('permission', 5000), 'waiting', 'hook'],
    [
      'permission long ago and no dialog any more: answered',
      screen('busy'),
      hooks('permission', 5000),
      'busy',
      'screen',
    ],
    ['stop: idle, though the screen still spins', screen('busy'), hooks('stop'), 'idle', 'hook'],
    ['stop, then a usage limit on the screen', screen('rate_limited'), hooks('stop'), 'rate_limited', 'screen'],
    [
      'stop from a CLI that reports no prompts (Codex notify), a new turn on the screen',
      screen('busy'),
      { ...hooks('stop'), reports: ['stop'] },
      'busy',
      'screen',
    ],
    [
      'stop from a CLI that reports no prompts, the screen idle too',
      screen('idle'),
      { ...hooks('stop'), reports: ['stop'] },
      'idle',
      'hook',
    ],
    [
      'stop from a CLI that reports prompts too',
      screen('busy'),
      { ...hooks('stop'), reports: ['prompt', 'stop'] },
      'idle',
      'hook',
    ],
    [
      'an error that is a rate limit',
      screen('idle'),
      hooks('error', 100, 'API Error: 429 rate_limit_error'),
      'rate_limited',
      'hook',
    ],
    ['an error that is not', screen('idle'), hooks('error', 100, 'invalid api key'), 'idle', 'hook'],
    ['session start: no state of its own', screen('starting'), hooks('session', 100, 'abc-123'), 'starting', 'screen'],
  ] as const)('%s', (_what, s, h, state, source, idleSeconds = 0) => {
    const merged = mergeState(s, h, { ...facts, idleSeconds }, NOW);
    expect({ state: merged.state, source: merged.source }).toEqual({ state, source });
  });

  test('a rate limit from a hook keeps the reset time the screen shows', () => {
    expect(
      mergeState(screen('idle', { resetAt: '3pm' }), hooks('error', 100, 'usage limit reached'), facts, NOW),
    ).toMatchObject({ state: 'rate_limited', resetAt: '3pm' });
  });
});

describe('parseHookFacts', () => {
  test('reads the latest event and each kind of event; ignores what is not of its form', () => {
    const values = ['12 stop', '10 1800000000000 3f2a', '', '', '12 1800000000500', 'garbage', '', '', '', ''];
    expect(parseHookFacts(values)).toEqual({
      last: { event: 'stop', seq: 12 },
      events: {
        prompt: { seq: 10, at: 1_800_000_000_000, detail: '3f2a' },
        stop: { seq: 12, at: 1_800_000_000_500, detail: '' },
      },
    });
    expect(parseHookFacts(['9 nonsense'])).toEqual({ events: {} });
  });

  test('reads the events the CLI reports; off and unknown names give none', () => {
    const blank = ['', '', '', '', '', '', '', '', ''];
    expect(parseHookFacts([...blank, 'stop'])).toEqual({ events: {}, reports: ['stop'] });
    expect(parseHookFacts([...blank, 'prompt,nonsense,stop'])).toEqual({ events: {}, reports: ['prompt', 'stop'] });
    expect(parseHookFacts([...blank, 'off'])).toEqual({ events: {} });
  });
});

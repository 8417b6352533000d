import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PaneFacts } from '../../../src/agents/agent-state.js';
import { promptId } from '../../../src/agents/pending-prompt.js';
import type { PaneState } from '../../../src/agents/read-pane-state.js';

const SCREENS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'screens');

function read(file: string): PaneState {
  const screen = readFileSync(join(SCREENS, file), 'utf8');
  const facts = JSON.parse(readFileSync(join(SCREENS, file.replace(/\.txt$/, '.json')), 'utf8')) as PaneFacts;
  return { state: 'waiting', reason: 'dialog', source: 'screen', facts, screen, hooks: { events: {} } };
}

describe('promptId', () => {
  // Two requests that ask for the same command draw the same dialog: the request above it tells them apart, so that
  // the second one, answered right after the first, is not taken for the first still on screen (agent.promptAnswered).
  it.each(['claude', 'codex', 'gemini', 'opencode'])(
    '%s: tells apart two prompts for the same command asked by different requests',
    (kind) => {
      const first = read(`${kind}/waiting.txt`);
      const second = {
        ...first,
        screen: first.screen.replace('please run the TOOLCALL now', 'and another TOOLCALL to refuse'),
      };
      expect(second.screen).not.toBe(first.screen);
      expect(promptId(second)).not.toBe(promptId(first));
    },
  );

  it('keeps the id of a prompt however often it is read', () => {
    const state = read('claude/waiting.txt');
    expect(promptId(state)).toBe(promptId({ ...state }));
    expect(promptId(state)).toMatch(/^p0-[0-9a-f]{16}$/);
  });
});

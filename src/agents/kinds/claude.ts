import { detectClaude } from '../detect/detect-claude.js';
import { claudeHooks } from '../hooks/claude-hooks.js';
import { defineKind } from './kind-module.js';

/** Claude Code (`claude`): docs/real-agents.md has what each field was measured on. */
export const claude = defineKind({
  name: 'claude',
  summary: 'Claude Code',
  detect: detectClaude,
  hooks: claudeHooks,
  // A long or multi-line paste is shown folded: `[Pasted text #1 +14 lines]`.
  pasteToken: /\[Pasted text #\d+/,
  profile: {
    defaultCommand: ['claude'],
    typeEnterDelayMs: 10,
    pasteEnterDelayMs: 10,
    readyTimeoutMs: 30000,
    approveKeys: ['1'],
    approveAlwaysKeys: ['2'],
    denyKeys: ['Escape'],
    pasteLines: true,
    inputBox: true,
    sessionIdFlag: '--session-id',
    resumeCommand: (command, id) => [...command, '--resume', id],
    dialog: {
      screen: [
        ['Do you want to proceed', '1. Yes'],
        ['Do you want to make this edit', '1. Yes'],
        ['Do you want to create', '1. Yes'],
      ],
    },
  },
});

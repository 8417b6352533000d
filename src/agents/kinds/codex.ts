import { detectCodex } from '../detect/detect-codex.js';
import { codexHooks } from '../hooks/codex-hooks.js';
import { defineKind } from './kind-module.js';

/**
 * OpenAI Codex CLI (`codex`). Codex 0.171 labels its options (y), (p) "don't ask again for commands that start
 * with ...", and (esc).
 */
export const codex = defineKind({
  name: 'codex',
  summary: 'OpenAI Codex CLI',
  detect: detectCodex,
  hooks: codexHooks,
  // A long or multi-line paste is shown folded: `[Pasted Content 1200 chars]`.
  pasteToken: /\[Pasted Content \d+ chars?/,
  profile: {
    defaultCommand: ['codex'],
    typeEnterDelayMs: 10,
    pasteEnterDelayMs: 10,
    readyTimeoutMs: 30000,
    approveKeys: ['y'],
    approveAlwaysKeys: ['p'],
    denyKeys: ['Escape'],
    pasteLines: true,
    inputBox: true,
    // `codex resume [options] <id>`: the saved options go after the subcommand, which takes them.
    resumeCommand: (command, id) => [command[0]!, 'resume', ...command.slice(1), id],
    dialog: {
      title: ['Action Required'],
      screen: [
        ['Would you like to run the following command', '1. Yes'],
        ['Would you like to make the following edits', '1. Yes'],
        ['Would you like to apply', '1. Yes'],
      ],
    },
  },
});

import { detectGemini } from '../detect/detect-gemini.js';
import { geminiHooks } from '../hooks/gemini-hooks.js';
import { defineKind } from './kind-module.js';

/**
 * Gemini CLI (`gemini`). Its option lists take the option's digit at once, whichever option the cursor is on. It
 * turns headless when CI=true (inherited from a tmux server started in CI) and exits 42 at start: hence CI=false.
 */
export const gemini = defineKind({
  name: 'gemini',
  summary: 'Gemini CLI',
  detect: detectGemini,
  hooks: geminiHooks,
  // A long or multi-line paste is shown folded: `[Pasted Text: 15 lines]`.
  pasteToken: /\[Pasted Text: \d+ lines?/,
  profile: {
    defaultCommand: ['gemini'],
    defaultEnv: { CI: 'false' },
    typeEnterDelayMs: 100,
    pasteEnterDelayMs: 150,
    readyTimeoutMs: 45000,
    approveKeys: ['1'],
    approveAlwaysKeys: ['2'],
    denyKeys: ['Escape'],
    pasteLines: true,
    inputBox: true,
    sessionIdFlag: '--session-id',
    resumeCommand: (command, id) => [...command, '--resume', id],
    redrawsOnResume: true,
    dialog: {
      title: ['Action Required', '✋'],
      screen: [
        ['Allow execution of', '1. Yes'],
        ['Apply this change?'],
        ['Usage limit reached', '1. Keep trying'],
        ['Quota exceeded', '1. Keep trying'],
      ],
    },
  },
});

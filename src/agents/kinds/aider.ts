import { detectAider } from '../detect/detect-aider.js';
import { defineKind } from './kind-module.js';

/** aider: a line prompt (`> `, `architect> `) and `(Y)es/(N)o` questions. */
export const aider = defineKind({
  name: 'aider',
  summary: 'aider',
  detect: detectAider,
  profile: {
    defaultCommand: ['aider'],
    typeEnterDelayMs: 100,
    pasteEnterDelayMs: 300,
    readyTimeoutMs: 30000,
    approveKeys: ['y', 'Enter'],
    approveAlwaysKeys: ['a', 'Enter'],
    denyKeys: ['n', 'Enter'],
    dialog: { screen: [['(Y)es/(N)o']] },
  },
});

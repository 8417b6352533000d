import { realRestoreSuite } from './real-restore-suite.js';

// After kill-server, restore brings the real CLI back resuming its conversation (docs/restore.md, "Resume per CLI").
realRestoreSuite({
  kind: 'gemini',
  clear: '/clear',
  // Gemini CLI 0.61.0 reads hooks only from root-owned files (gemini-hooks.ts); without them its id is tmux-orc's own.
  secureStateDir: process.getuid?.() === 0,
});

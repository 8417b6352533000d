import { realRestoreSuite } from './real-restore-suite.js';

// After kill-server, restore brings the real CLI back resuming its conversation (docs/restore.md, "Resume per CLI").
realRestoreSuite({
  kind: 'claude',
  clear: '/clear',
});

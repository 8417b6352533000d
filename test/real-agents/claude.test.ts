import { realAgentSuite } from './real-agent-suite.js';

// Claude Code retries a 429 up to 10 times ("Retrying in Ns · attempt k/10"); the fake fails only 3, then answers.
realAgentSuite({
  kind: 'claude',
  quit: '/exit',
  limitMessage: 'this one is rate limited RATE429x3',
  recover: async () => undefined,
});

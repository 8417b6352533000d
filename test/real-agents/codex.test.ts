import { realAgentSuites } from './real-agent-suite.js';

// Codex ends the turn with "■ You’ve hit your usage limit … try again at <time>"; the next message clears it.
realAgentSuites({
  kind: 'codex',
  quit: '/quit',
  limitMessage: 'this one hits the USAGELIMIT',
  limitSaysWhen: true,
  recover: async (h, target) => {
    const sent = await h.cli('agent', 'send', target, 'back after the limit');
    expect(sent).toMatchObject({ ok: true });
  },
});

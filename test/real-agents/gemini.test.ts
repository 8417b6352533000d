import { realAgentSuites } from './real-agent-suite.js';

// Gemini CLI shows a "Usage limit reached … 1. Keep trying 2. Stop" dialog; "2" stops the request.
realAgentSuites({
  kind: 'gemini',
  quit: '/quit',
  limitMessage: 'this one hits the USAGELIMIT',
  recover: async (h, target) => {
    const agent = await h.cli<{ agent: { paneId: string } }>('agent', 'info', target);
    if (agent.ok) h.tmux.tmux('send-keys', '-t', agent.data.agent.paneId, '2');
  },
});

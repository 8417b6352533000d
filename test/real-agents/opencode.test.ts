import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { realAgentSuites, step } from './real-agent-suite.js';

// OpenCode has no hooks in tmux-orc (yet): its suite runs once, from the screen. It retries a 429 by itself
// ("[retrying in 2s attempt #2]" in its footer); the fake fails only 3 attempts, then answers.
realAgentSuites({
  kind: 'opencode',
  quit: '/exit',
  limitMessage: 'this one is rate limited RATE429x3',
  recover: async () => undefined,
  // A paste OpenCode shows folded (3 lines or more, or over 150 characters) reaches the model with a space after it.
  arrives: (text) => (text.split('\n').length >= 3 || text.length > 150 ? `${text} ` : text),
  more: (ctx) => {
    step('sends a message starting with "!" to the model, never to OpenCode\'s shell mode', async () => {
      // Typed, a leading `!` turns OpenCode's box into a shell prompt that runs the line asking nobody; pasted, it
      // is text. The fake LLM answers it as an ordinary message, and the command never runs.
      const text = '!touch opencode-bang-ran';
      expect(await ctx.harness().cli('agent', 'send', ctx.target(), text)).toMatchObject({
        ok: true,
        data: { method: 'paste' },
      });
      await ctx.expectArrivedOnce(text);
      expect(existsSync(join(ctx.harness().cwd, 'opencode-bang-ran'))).toBe(false);
    });
  },
});

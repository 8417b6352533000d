import { COMPLETION_SHELLS, type CompletionShell } from '../completion-scripts.js';
import { commandTreeOf, defineCommand } from '../command-spec.js';

/** `tmux-orc completion bash|zsh|fish`: a completion script generated from the command tree. */
export const completionCommand = defineCommand({
  name: 'completion',
  description:
    'Print a shell completion script for bash, zsh or fish, generated from the command tree (commands, ' +
    'groups, options).',
  effect: 'read',
  args: [{ name: 'shell', description: 'bash, zsh or fish', choices: COMPLETION_SHELLS }],
  examples: [
    'source <(tmux-orc completion bash)',
    'tmux-orc completion fish > ~/.config/fish/completions/tmux-orc.fish',
  ],
  notForMcp: 'a completion script is for a shell, not for a model',
  output: (z) => z.object({ shell: z.enum(COMPLETION_SHELLS), script: z.string() }),
  async run(input, ctx) {
    const { completionScript } = await import('../completion-scripts.js');
    const shell = input.shell as CompletionShell;
    return { shell, script: completionScript(await commandTreeOf(ctx), shell) };
  },
  human: (d) => d.script.trimEnd(),
});

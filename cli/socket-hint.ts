import type { GlobalOptions } from './command-spec.js';
import { FIRST_WORDS } from './command-words.js';
import { shellQuote } from './shell-quote.js';

/** The global host and socket options of the run, as words to repeat in a hint (`-H build`, `-L x`, `-S path`). */
export function socketWords(globals: GlobalOptions): string[] {
  const host = globals.host && globals.host !== 'local' ? ['-H', shellQuote(globals.host)] : [];
  if (globals.socketPath) return [...host, '-S', shellQuote(globals.socketPath)];
  if (globals.socketName) return [...host, '-L', shellQuote(globals.socketName)];
  return host;
}

/**
 * A hint with the run's socket options put after every `tmux-orc` that starts a command (`tmux-orc agent restart x`
 * becomes `tmux-orc -L work agent restart x`): the core writes hints without knowing which server the run named, and
 * a hint that drops `-L` sends its reader to the default server. Only command words count, so prose such as "another
 * tmux-orc process" stays as it is.
 */
export function hintWithSocket(hint: string, globals: GlobalOptions): string {
  const words = socketWords(globals);
  if (words.length === 0) return hint;
  const commands = [...FIRST_WORDS, 'help'].map((w) => w.replace(/[^a-z-]/g, '')).join('|');
  return hint.replace(new RegExp(`\\btmux-orc (?=(?:${commands})\\b)`, 'g'), () => `tmux-orc ${words.join(' ')} `);
}

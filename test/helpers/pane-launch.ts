import { readFileSync } from 'node:fs';
import type { PrivateTmux } from './private-tmux.js';

/** What a pane's program was really started with: tmux's record of its argv, and the environment it got. */
export interface PaneLaunch {
  /** The argv tmux started (`env -- program args...`), from `#{pane_start_command}`. */
  argv: string[];
  /** The program's environment, from /proc/<pane_pid>/environ (env(1) execs the program in the same process). */
  env: Record<string, string>;
}

/** Reads a pane's launch: what the saved command does not show (hook arguments, the hook environment). */
export function paneLaunch(tmux: PrivateTmux, pane: string): PaneLaunch {
  const [pid = '', start = ''] = tmux
    .tmux('display', '-p', '-t', pane, '#{pane_pid}\t#{pane_start_command}')
    .replace(/\n$/, '')
    .split('\t');
  const env = Object.fromEntries(
    readFileSync(`/proc/${pid}/environ`, 'utf8')
      .split('\0')
      .filter(Boolean)
      .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
  );
  return { argv: splitTmuxCommand(start), env };
}

/**
 * Splits `#{pane_start_command}` back into arguments: tmux joins them with spaces and quotes one that needs it in
 * double quotes (`\` before `"`, `\`, `$`) or, when it holds a double quote, in single quotes.
 */
export function splitTmuxCommand(text: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] === ' ') {
      i++;
      continue;
    }
    let arg = '';
    while (i < text.length && text[i] !== ' ') {
      const c = text[i]!;
      if (c === '"') {
        for (i++; i < text.length && text[i] !== '"'; i++) arg += text[i] === '\\' ? text[++i] : text[i];
        i++;
      } else if (c === "'") {
        for (i++; i < text.length && text[i] !== "'"; i++) arg += text[i];
        i++;
      } else if (c === '\\') {
        arg += text[i + 1] ?? '';
        i += 2;
      } else {
        arg += c;
        i++;
      }
    }
    out.push(arg);
  }
  return out;
}

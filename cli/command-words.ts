/**
 * The words a tmux-orc command line can start with: every group, and every top-level command. group-index.ts maps
 * each to the group that holds it (the compiler checks both lists are the same); hints name them (socket-hint.ts),
 * which must not import the groups themselves.
 */
export const FIRST_WORDS = [
  'list',
  'status',
  'attach',
  'doctor',
  'completion',
  'reflect',
  'mcp',
  'restore',
  'dashboard',
  'web',
  'metrics',
  'session',
  'window',
  'agent',
  'worktree',
  'team',
  'pm',
  'fleet',
  'monitor',
] as const;

/** A word a command line can start with. */
export type FirstWord = (typeof FIRST_WORDS)[number];

/** The first two words of a command line that are not options (nor a -L/-S/-H value): `agent send`, `list`. */
export function commandWords(argv: readonly string[]): string {
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (['-L', '-S', '-H', '--socket-name', '--socket-path', '--host'].includes(a)) i++;
    if (a.startsWith('-')) continue;
    words.push(a);
    if (words.length === 2) break;
  }
  return words.join(' ');
}

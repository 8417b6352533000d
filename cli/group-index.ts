import type { CommandGroup } from './command-spec.js';
import { commandWords, type FirstWord } from './command-words.js';

export { commandWords } from './command-words.js';

const topLevel = () => import('./commands/top-level.js').then((m) => m.topLevelGroup);
const views = () => import('./commands/views.js').then((m) => m.viewsGroup);

/**
 * How to load the group a command line's first word names, without loading the others (each group pulls in its
 * part of the core; `tmux-orc list` needs none of the agent, team or monitor code). Keyed by group name, and by
 * command name for the top-level commands; test/unit/cli/group-index.test.ts checks it against allGroups().
 */
export const GROUP_LOADERS: Readonly<Record<FirstWord, () => Promise<CommandGroup>>> = {
  list: topLevel,
  status: topLevel,
  attach: topLevel,
  doctor: topLevel,
  completion: topLevel,
  reflect: topLevel,
  mcp: topLevel,
  restore: topLevel,
  dashboard: views,
  web: views,
  metrics: () => import('./commands/metrics.js').then((m) => m.metricsGroup),
  session: () => import('./commands/session.js').then((m) => m.sessionGroup),
  window: () => import('./commands/window.js').then((m) => m.windowGroup),
  agent: () => import('./commands/agent.js').then((m) => m.agentGroup),
  worktree: () => import('./commands/worktree.js').then((m) => m.worktreeGroup),
  team: () => import('./commands/team.js').then((m) => m.teamGroup),
  pm: () => import('./commands/pm.js').then((m) => m.pmGroup),
  fleet: () => import('./commands/fleet.js').then((m) => m.fleetGroup),
  monitor: () => import('./commands/monitor.js').then((m) => m.monitorGroup),
};

/**
 * The groups a command line needs: only the one its first word names, since building every command is a measurable
 * part of a cold start (docs/benchmarks.md); all of them for help, --version or an unknown word, so the full help
 * and commander's suggestions stay as they are.
 */
export async function loadGroupsFor(argv: readonly string[]): Promise<readonly CommandGroup[]> {
  const [word] = commandWords(argv).split(' ');
  const load =
    word && word !== 'help' && Object.hasOwn(GROUP_LOADERS, word) ? GROUP_LOADERS[word as FirstWord] : undefined;
  return load ? [await load()] : (await import('./groups.js')).allGroups();
}

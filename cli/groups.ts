import type { CommandGroup } from './command-spec.js';
import { topLevelGroup } from './commands/top-level.js';
import { viewsGroup } from './commands/views.js';
import { sessionGroup } from './commands/session.js';
import { windowGroup } from './commands/window.js';
import { agentGroup } from './commands/agent.js';
import { teamGroup } from './commands/team.js';
import { pmGroup } from './commands/pm.js';
import { monitorGroup } from './commands/monitor.js';
import { metricsGroup } from './commands/metrics.js';
import { worktreeGroup } from './commands/worktree.js';
import { fleetGroup } from './commands/fleet.js';

/** Every command group of tmux-orc, in help order; the group named '' holds the top-level commands. */
export function allGroups(): CommandGroup[] {
  return [
    topLevelGroup,
    viewsGroup,
    sessionGroup,
    windowGroup,
    agentGroup,
    worktreeGroup,
    teamGroup,
    pmGroup,
    fleetGroup,
    monitorGroup,
    metricsGroup,
  ];
}

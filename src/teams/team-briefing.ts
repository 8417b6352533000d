import type { TeamMember } from './team-spec.js';

const DUTIES: Record<string, string> = {
  orchestrator: 'You coordinate several teams: watch their PMs, move work between them, keep the big picture.',
  pm: 'You are the project manager: break the work into tasks, assign them to the developers, keep quality high, and report progress. Check on idle agents and unblock waiting ones.',
  developer:
    'You are a developer: implement the tasks the PM gives you, commit often with clear messages, and report to the PM when a task is done or you are blocked.',
  qa: 'You are QA: test what the developers deliver, write down clear bug reports with steps to reproduce, and tell the PM what passes and what fails.',
  devops:
    'You are DevOps: own the build, CI, deployment and environments; keep them green and tell the PM about anything that blocks the team.',
  reviewer:
    'You are the code reviewer: review each change for correctness, tests and clarity, and send findings to its author and the PM.',
};

/** Where a member works under `team deploy --worktrees`: its worktree and branch, or the main checkout. */
export interface MemberCheckout {
  path: string;
  /** Its own branch; absent for a member in the main checkout. */
  branch?: string;
}

/**
 * The briefing an agent gets when a team is deployed: who it is, its duties, the roster with targets, and how to
 * reach the others with tmux-orc. With worktrees (`checkouts`), the roster says whose branch is which, each member
 * where it works, and the PM how to see and merge their work.
 */
export function teamBriefing(
  session: string,
  member: TeamMember,
  roster: readonly TeamMember[],
  checkouts?: ReadonlyMap<string, MemberCheckout>,
): string {
  // Own properties only: a role named `constructor` or `__proto__` is free text, not an Object.prototype member.
  const duty = Object.hasOwn(DUTIES, member.role) ? DUTIES[member.role]! : `Your role is ${member.role}.`;
  const branchOf = (m: TeamMember) => checkouts?.get(m.name)?.branch;
  const team = roster
    .map((m) => `- ${m.name} (${m.role}): ${session}:${m.name}${branchOf(m) ? `, branch ${branchOf(m)}` : ''}`)
    .join('\n');
  const pm = roster.find((m) => m.role === 'pm');
  const reach =
    member.role === 'pm'
      ? `See the team's state with: tmux-orc team status ${session}\nMessage an agent with: tmux-orc agent send ${session}:<name> "<message>"`
      : pm
        ? `Report to the PM with: tmux-orc agent send ${session}:${pm.name} "<message>"`
        : '';
  return [
    `You are ${member.name} in team ${session}. ${duty}`,
    member.briefing ?? '',
    `Team:\n${team}`,
    checkouts ? where(session, member, checkouts) : '',
    reach,
  ]
    .filter(Boolean)
    .join('\n\n');
}

/** What a member is told about the checkouts: its own branch, or (in the main checkout) everyone's. */
function where(session: string, member: TeamMember, checkouts: ReadonlyMap<string, MemberCheckout>): string {
  const own = checkouts.get(member.name);
  if (!own) return '';
  if (own.branch) {
    return (
      `You work in your own git worktree, ${own.path}, on branch ${own.branch}: commit your work there, on that branch. ` +
      'No one else works in it, and the others each have their own (the roster names their branches).'
    );
  }
  const branches = [...checkouts].filter(([, c]) => c.branch).map(([name, c]) => `- ${name}: ${c.branch} (${c.path})`);
  return [
    `You work in the main checkout, ${own.path}. Each of these members works in a git worktree of its own, on its own branch:`,
    ...branches,
    `See what one changed with: tmux-orc agent diff ${session}:<name> (--patch for the diff); merge a branch that is done into the main checkout with git.`,
  ].join('\n');
}

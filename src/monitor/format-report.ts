import type { ReportItem } from './pm-reporter.js';

const PREFIX = '[tmux-orc monitor]';

/** The one message a PM gets for a batch of items: a line per agent, then what to do. */
export function formatReport(
  team: string,
  items: readonly ReportItem[],
  options: { recover: boolean; now: Date },
): string {
  const lines = items.map((item) => {
    const who = `- ${item.name} (${item.role || 'agent'})`;
    if (item.note) return `${who}: ${item.note}`;
    return `${who}: ${item.state}${item.reason ? ` — ${item.reason}` : ''}${hint(item, options.recover)}`;
  });
  return [
    `${PREFIX} team ${team}, ${clock(options.now)}:`,
    ...lines,
    'Give idle agents their next task, answer waiting prompts, and check on crashed or rate-limited ones.',
  ].join('\n');
}

/** The message sent when a whole team has been idle too long, to its PM or an orchestrator. */
export function formatEscalation(
  team: string,
  members: readonly string[],
  idleSeconds: number,
  forPm: boolean,
): string {
  const span = idleSeconds >= 120 ? `${Math.round(idleSeconds / 60)} min` : `${Math.round(idleSeconds)} s`;
  const ask = forPm
    ? 'Plan the next tasks and hand them out, or report that the work is done.'
    : 'Check with its PM whether the work is done or stuck.';
  return `${PREFIX} team ${team} has been idle for ${span}: every agent (${members.join(', ')}) is idle. ${ask}`;
}

function hint(item: ReportItem, recover: boolean): string {
  if (item.state === 'waiting') return `; answer with: tmux-orc agent approve ${item.agent} (or deny)`;
  if (item.state === 'crashed')
    return recover
      ? '; the monitor is restarting it'
      : `; restart with: tmux-orc agent restart ${item.agent} --rebrief`;
  return '';
}

function clock(date: Date): string {
  return date.toTimeString().slice(0, 8);
}

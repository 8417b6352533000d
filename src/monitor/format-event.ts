import type { LoggedEvent } from './monitor-event.js';

/** One event as a line a person reads: local time, then what happened. */
export function formatEvent(e: LoggedEvent): string {
  const time = new Date(e.time).toTimeString().slice(0, 8);
  const fail = (ok: boolean, error?: string) => (ok ? '' : ` FAILED${error ? `: ${error}` : ''}`);
  switch (e.type) {
    case 'transition':
      return `${time}  ${e.agent}  ${e.from ?? 'new'} -> ${e.to}  (${e.reason})`;
    case 'gone':
      return `${time}  ${e.agent}  gone`;
    case 'report':
      return `${time}  report to ${e.pm}: ${e.agents.join(', ')}${fail(e.ok, e.error)}`;
    case 'escalation':
      return `${time}  team ${e.team} idle ${e.idleSeconds}s, told ${e.to.join(', ')}${fail(e.ok, e.error)}`;
    case 'submit':
      return `${time}  ${e.agent}  Enter on unsent message (try ${e.attempt}): ${JSON.stringify(e.text.slice(0, 60))}${fail(e.ok, e.error)}`;
    case 'recover':
      return `${time}  ${e.agent}  restart ${e.attempt}${e.ok ? ` ok, ${e.resumed ? `conversation ${e.resumed.slice(0, 8)} resumed` : 'fresh start'}` : ''}${fail(e.ok, e.error)}`;
    case 'restore': {
      const back = e.agents.filter((a) => a.outcome === 'restored').length;
      const failed = e.agents.filter((a) => a.outcome === 'failed');
      return `${time}  tmux server gone: restored ${back} of ${e.agents.length} agents${failed.length ? `, failed ${failed.map((a) => a.agent).join(', ')}` : ''}${fail(e.ok, e.error)}`;
    }
    case 'exited':
      return `${time}  ${e.agent}  exited with status ${e.status}: not restarted (--recover restarts crashes only)`;
    case 'hold':
      return `${time}  ${e.agent}  rate limited: reports held until ${new Date(e.until).toTimeString().slice(0, 5)}${e.resetAt ? ` (screen says ${e.resetAt})` : ''}`;
    case 'resume':
      return `${time}  ${e.agent}  hold over, now ${e.state}`;
    case 'monitor':
      return `${time}  monitor ${e.event}${e.detail ? `: ${e.detail}` : ''}`;
    case 'error':
      return `${time}  error${e.code ? ` [${e.code}]` : ''}: ${e.message}`;
  }
}

import type { AgentStatus } from '../agents/agent-status.js';
import { basename } from 'node:path';
import { agentFromWindow, type AgentRecord } from '../agents/agent-record.js';
import type { AgentState, PaneFacts } from '../agents/agent-state.js';
import { deliverMessage } from '../agents/deliver-message.js';
import { detectState } from '../agents/detect/index.js';
import { mergeState } from '../agents/merge-state.js';
import { paneQuery } from '../agents/agent-status.js';
import { dialogCondition } from '../agents/dialog-guard.js';
import { withPaneLock } from '../agents/pane-lock.js';
import { pendingInput } from '../agents/pending-input.js';
import { readPaneStates } from '../agents/read-pane-state.js';
import { hasStoppedLeftover } from '../agents/typed-text.js';
import { toOrcError } from '../errors.js';
import type { TMUXManager } from '../manager/tmux-manager.js';
import { AutoSubmitter, SUBMITTABLE_KINDS } from './auto-submit.js';
import { formatEscalation, formatReport } from './format-report.js';
import type { EmitEvent } from './monitor-event.js';
import { DEFAULT_MONITOR_OPTIONS, type MonitorOptions } from './monitor-options.js';
import { PaneObserver, paneFacts, type PaneToWatch } from './pane-observer.js';
import { PmReporter, REPORTED_STATES } from './pm-reporter.js';
import { RateLimitHold } from './rate-limit-hold.js';
import { crashVerdict, Recovery, type RecoveryOutcome } from './recovery.js';
import { StateTracker, type Transition } from './state-tracker.js';
import { TeamIdleWatch } from './team-idle.js';

/** The monitor's own figures: how much it did and how long a sweep takes. */
export interface MonitorFigures {
  sweeps: number;
  /** Agent panes checked (facts read), summed over sweeps. */
  checks: number;
  /** Screens captured, summed over sweeps. */
  captures: number;
  sweepMs: { last: number; avg: number; max: number };
  lastSweepAt?: string;
}

/** An agent as the monitor last saw it. */
export interface WatchedAgent extends Pick<
  AgentStatus,
  'target' | 'name' | 'role' | 'kind' | 'state' | 'reason' | 'resetAt'
> {
  /** When it entered this state (ISO time). */
  since: string;
}

/** Where PM messages may be typed: a busy agent queues them; a prompt or a dead pane must not get keystrokes. */
const DELIVERABLE: ReadonlySet<AgentState> = new Set(['idle', 'busy']);

/**
 * Watches every agent on one tmux server, one sweep at a time: reads all panes in one round trip, captures the
 * ones that changed, classifies them, and acts on transitions (event log, PM reports, escalation, auto-submit,
 * recovery, rate-limit holds). The loop around it lives in sweep-loop.ts; tests call {@link Monitor.sweep}.
 */
export class Monitor {
  readonly options: MonitorOptions;
  private readonly observer: PaneObserver;
  private readonly tracker: StateTracker;
  private readonly reporter: PmReporter;
  private readonly idleWatch: TeamIdleWatch;
  private readonly submitter: AutoSubmitter;
  private readonly holds = new RateLimitHold();
  private readonly recovery: Recovery;
  private records = new Map<string, AgentRecord>();
  private orchestrators: AgentRecord[] = [];
  private sweeps = 0;
  private totalMs = 0;
  private maxMs = 0;
  private lastMs = 0;
  private lastSweepAt: number | undefined;

  constructor(
    private readonly manager: TMUXManager,
    options: Partial<MonitorOptions>,
    private readonly emit: EmitEvent,
    private readonly now: () => number = Date.now,
  ) {
    this.options = {
      ...DEFAULT_MONITOR_OPTIONS,
      ...options,
      submit: { ...DEFAULT_MONITOR_OPTIONS.submit, ...options.submit },
    };
    this.observer = new PaneObserver(manager, this.options.fullEvery);
    this.tracker = new StateTracker(this.options.confirmSweeps);
    this.reporter = new PmReporter(this.options.reportCooldownMs);
    this.idleWatch = new TeamIdleWatch(this.options.idleEscalateMs);
    this.submitter = new AutoSubmitter(this.options.submit);
    this.recovery = new Recovery(manager, this.options.maxRestarts, (outcome) => this.recovered(outcome));
  }

  /** Runs one sweep; throws when tmux cannot be reached (the loop then backs off and reconnects). */
  async sweep(): Promise<void> {
    const started = performance.now();
    await this.manager.recorder.time('monitor.sweep', () => this.sweepOnce());
    this.lastMs = Math.round((performance.now() - started) * 10) / 10;
    this.totalMs += this.lastMs;
    this.maxMs = Math.max(this.maxMs, this.lastMs);
    this.sweeps++;
    this.lastSweepAt = this.now();
  }

  /** Counts and timings since the start. */
  figures(): MonitorFigures {
    return {
      sweeps: this.sweeps,
      checks: this.observer.checks,
      captures: this.observer.captures,
      sweepMs: {
        last: this.lastMs,
        avg: this.sweeps ? Math.round((this.totalMs / this.sweeps) * 10) / 10 : 0,
        max: this.maxMs,
      },
      ...(this.lastSweepAt ? { lastSweepAt: new Date(this.lastSweepAt).toISOString() } : {}),
    };
  }

  /** Every watched agent with its confirmed state. */
  agents(): WatchedAgent[] {
    return [...this.records.values()].flatMap((r) => {
      const t = this.tracker.get(r.target);
      return t
        ? [
            {
              target: r.target,
              name: r.name,
              role: r.role,
              kind: r.kind,
              state: t.state,
              reason: t.reason,
              since: new Date(t.since).toISOString(),
              ...(t.resetAt ? { resetAt: t.resetAt } : {}),
            },
          ]
        : [];
    });
  }

  /** The panes of the agents seen in the last sweep (for tmux to watch between sweeps). */
  panes(): string[] {
    return [...this.records.values()].map((r) => r.paneId);
  }

  /** Drops cached screens, after the connection to tmux was lost (pane ids may now belong to a new server). */
  reset(): void {
    this.observer.reset();
  }

  /** Waits for restarts in flight. */
  async close(): Promise<void> {
    await this.recovery.drain();
  }

  private async sweepOnce(): Promise<void> {
    const now = this.now();
    const read = await this.observer.readServer();
    const watched = read.snapshot.sessions.filter(
      (s) => this.options.session === undefined || s.name === this.options.session,
    );
    const found = watched.flatMap((s) =>
      s.windows.flatMap((w) => {
        const record = agentFromWindow(s, w);
        return record && w.panes[0] ? [{ record, watch: { pane: w.panes[0], window: w } as PaneToWatch }] : [];
      }),
    );
    this.orchestrators = read.snapshot.sessions
      .flatMap((s) => s.windows.map((w) => agentFromWindow(s, w)))
      .filter((a): a is AgentRecord => a?.role === 'orchestrator');
    const screens = await this.observer.screens(
      read,
      found.map((f) => f.watch),
      this.sweeps,
    );

    // A dead pane without an exit status is one tmux 3.3 has not reaped yet: nudge it, so the next sweep has the
    // status (the recovery tells a crash from an exit by it) and the pane-died hook runs.
    if (found.some((f) => f.watch.pane.dead && f.watch.pane.deadStatus === undefined))
      await this.manager.reapChildren();
    const previous = this.records;
    this.records = new Map(found.map((f) => [f.record.target, f.record]));
    for (const { record, watch } of found) {
      const facts = paneFacts(
        watch.pane,
        watch.window,
        read.commands.get(watch.pane.id) ?? '',
        record.command[0] ? basename(record.command[0]) : undefined,
        now,
      );
      const detection = mergeState(
        detectState(record.kind, screens.get(watch.pane.id) ?? '', facts),
        read.hooks.get(watch.pane.id),
        facts,
        now,
      );
      const transition = this.tracker.update(record.target, detection, now, facts.idleSeconds);
      if (transition) this.onTransition(transition, record, now, facts);
    }
    for (const [target, record] of previous) if (!this.records.has(target)) this.onGone(record);

    if (this.options.autoSubmit)
      await this.autoSubmit(
        found.map((f) => f.record),
        screens,
        now,
      );
    if (this.options.untilReset) this.resumeHeld(now);
    await this.escalateIdleTeams(now);
    if (this.options.report) await this.sendReports(now);
  }

  private onTransition(t: Transition, record: AgentRecord, now: number, facts: PaneFacts): void {
    this.emit({ type: 'transition', agent: t.agent, from: t.from, to: t.to, reason: t.reason });
    const verdict = t.to === 'crashed' && this.options.recover ? crashVerdict(facts) : undefined;
    if (verdict === 'exited') return this.exitedOnPurpose(record);
    if (verdict && !this.recovery.busy(t.agent) && !this.recovery.start(t.agent, { check: verdict === 'unknown' })) {
      this.emit({
        type: 'recover',
        agent: t.agent,
        attempt: this.options.maxRestarts,
        ok: false,
        error: `no restarts left (--max-restarts ${this.options.maxRestarts})`,
      });
    } else if (verdict === 'unknown') {
      // Not news yet: the recovery reads the status first, and reports a restart or an exit on purpose itself.
      return;
    }
    if (record.role === 'pm' || record.role === 'orchestrator') return;
    // A first sighting is news only when the agent needs a hand now.
    if (t.from === null && t.to !== 'crashed' && t.to !== 'waiting') return;
    const team = record.session;
    if (this.options.untilReset && this.holds.isHeld(t.agent)) {
      this.reporter.dropState(team, t.agent);
      return;
    }
    const item = { agent: t.agent, name: record.name, role: record.role, state: t.to, reason: t.reason };
    if (t.to === 'rate_limited' && this.options.untilReset) {
      const until = new Date(this.holds.hold(t.agent, t.resetAt, now));
      this.emit({
        type: 'hold',
        agent: t.agent,
        until: until.toISOString(),
        ...(t.resetAt ? { resetAt: t.resetAt } : {}),
      });
      this.reporter.addState(team, {
        ...item,
        reason: `${t.reason}; no more news about it until ${until.toTimeString().slice(0, 5)}`,
      });
    } else if (REPORTED_STATES.has(t.to)) this.reporter.addState(team, item);
    else this.reporter.dropState(team, t.agent);
  }

  private onGone(record: AgentRecord): void {
    this.emit({ type: 'gone', agent: record.target });
    this.tracker.forget(record.target);
    this.reporter.dropState(record.session, record.target);
    this.holds.release(record.target);
    this.submitter.forget(record.target);
  }

  /** An agent that exited with status 0 is not restarted; its PM hears of it, with the way to restart it. */
  private exitedOnPurpose(record: AgentRecord): void {
    this.emit({ type: 'exited', agent: record.target, status: 0 });
    if (record.role === 'pm' || record.role === 'orchestrator') return;
    this.reporter.dropState(record.session, record.target);
    const note = `exited with status 0 (on purpose?), so it was not restarted; restart with: tmux-orc agent restart ${record.target} --rebrief`;
    this.reporter.addNote(record.session, { agent: record.target, name: record.name, role: record.role, note });
  }

  private recovered(outcome: RecoveryOutcome): void {
    if (outcome.exited) {
      const record = this.records.get(outcome.agent);
      return record ? this.exitedOnPurpose(record) : this.emit({ type: 'exited', agent: outcome.agent, status: 0 });
    }
    this.emit({
      type: 'recover',
      agent: outcome.agent,
      attempt: outcome.attempt,
      ok: outcome.ok,
      ...(outcome.ok ? { resumed: outcome.resumed ?? false } : {}),
      ...(outcome.error ? { error: outcome.error } : {}),
    });
    const record = this.records.get(outcome.agent);
    if (!record || record.role === 'pm') return;
    const how = outcome.resumed
      ? ', its conversation resumed'
      : `, a fresh start${outcome.briefed ? ' with its briefing re-sent' : ''}`;
    const note = outcome.ok
      ? `restarted after a crash (restart ${outcome.attempt} of ${this.options.maxRestarts})${how}`
      : `could not be restarted: ${outcome.error}`;
    this.reporter.addNote(record.session, { agent: record.target, name: record.name, role: record.role, note });
  }

  private async autoSubmit(records: readonly AgentRecord[], screens: Map<string, string>, now: number): Promise<void> {
    for (const record of records) {
      if (!SUBMITTABLE_KINDS.has(record.kind) || this.recovery.busy(record.target)) continue;
      const idle = this.tracker.get(record.target)?.state === 'idle';
      const pending = idle ? pendingInput(record.kind, screens.get(record.paneId) ?? '') : undefined;
      const attempt = this.submitter.consider(record.target, idle, pending, now);
      if (attempt === undefined) continue;
      try {
        // Under the pane's lock, and only if the box still holds that text with the agent idle: a delivery may have
        // typed since the sweep, and an Enter into a prompt would answer it.
        const pressed = await withPaneLock(this.manager, record.paneId, async () => {
          const [now] = await readPaneStates(this.manager, [paneQuery(record)]);
          if (now!.state !== 'idle' || pendingInput(record.kind, now!.screen) !== pending) return false;
          // A message a delivery left there (stopped by a prompt) is its sender's to send again, not ours to submit:
          // both would submit it.
          if (await hasStoppedLeftover(this.manager, record.paneId)) return false;
          const unless = dialogCondition(record.kind);
          if (unless) return this.manager.sendKeysUnless(unless, record.paneId, 'Enter');
          await this.manager.sendKeys(record.paneId, 'Enter');
          return true;
        });
        if (pressed)
          this.emit({ type: 'submit', agent: record.target, text: pending!.slice(0, 200), attempt, ok: true });
      } catch (error) {
        this.emit({
          type: 'submit',
          agent: record.target,
          text: pending!.slice(0, 200),
          attempt,
          ok: false,
          error: toOrcError(error).message,
        });
      }
    }
  }

  private resumeHeld(now: number): void {
    for (const target of this.holds.expired(now)) {
      const record = this.records.get(target);
      const state = this.tracker.get(target)?.state;
      if (!record || !state) continue;
      this.emit({ type: 'resume', agent: target, state });
      this.reporter.addNote(record.session, {
        agent: target,
        name: record.name,
        role: record.role,
        note: `its rate limit should have reset; it is now ${state}`,
      });
    }
  }

  private async escalateIdleTeams(now: number): Promise<void> {
    for (const [team, members] of this.teams()) {
      const crew = members.filter((m) => m.role !== 'orchestrator');
      if (crew.length === 0) continue;
      const due = this.idleWatch.check(
        team,
        crew.map((m) => this.tracker.get(m.target) ?? { state: 'unknown', since: now }),
        now,
      );
      if (!due) continue;
      const pm = crew.find((m) => m.role === 'pm');
      const targets = [...(pm ? [pm] : []), ...this.orchestrators];
      if (targets.length === 0) continue;
      const names = crew.map((m) => m.name);
      const idleSeconds = Math.round(due.idleMs / 1000);
      const errors: string[] = [];
      for (const target of targets) {
        const error = await this.deliver(target, formatEscalation(team, names, idleSeconds, target === pm));
        if (error) errors.push(`${target.target}: ${error}`);
      }
      this.emit({
        type: 'escalation',
        team,
        idleSeconds,
        to: targets.map((t) => t.target),
        ok: errors.length === 0,
        ...(errors.length ? { error: errors.join('; ') } : {}),
      });
    }
  }

  private async sendReports(now: number): Promise<void> {
    const teams = this.teams();
    for (const team of this.reporter.due(now)) {
      const pm = teams.get(team)?.find((m) => m.role === 'pm');
      if (!pm) {
        this.reporter.clear(team);
        continue;
      }
      if (this.unreachable(pm)) continue; // keep the batch until the PM can take it
      const items = this.reporter.take(team, now);
      const error = await this.deliver(
        pm,
        formatReport(team, items, { recover: this.options.recover, now: new Date(now) }),
      );
      this.emit({
        type: 'report',
        team,
        pm: pm.target,
        agents: items.map((i) => `${i.name}:${i.state ?? 'note'}`),
        ok: !error,
        ...(error ? { error } : {}),
      });
    }
  }

  /** The agents seen this sweep, by team (session). */
  private teams(): Map<string, AgentRecord[]> {
    const teams = new Map<string, AgentRecord[]>();
    for (const record of this.records.values())
      teams.set(record.session, [...(teams.get(record.session) ?? []), record]);
    return teams;
  }

  /** Why a message cannot be typed into an agent now, if it cannot. */
  private unreachable(agent: AgentRecord): string | undefined {
    if (this.recovery.busy(agent.target)) return `${agent.target} is being restarted`;
    const state = this.tracker.get(agent.target)?.state;
    return state && !DELIVERABLE.has(state) ? `${agent.target} is ${state}` : undefined;
  }

  /** Delivers a message to an agent that can take it; returns the error text when it could not. */
  private async deliver(agent: AgentRecord, text: string): Promise<string | undefined> {
    const unreachable = this.unreachable(agent);
    if (unreachable) return unreachable;
    try {
      await deliverMessage(this.manager, agent, text);
      return undefined;
    } catch (error) {
      const e = toOrcError(error);
      return `${e.code}: ${e.message}`;
    }
  }
}

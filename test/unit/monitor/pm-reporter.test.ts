import { formatEscalation, formatReport } from '../../../src/monitor/format-report.js';
import { PmReporter } from '../../../src/monitor/pm-reporter.js';

const item = (name: string, state: 'idle' | 'waiting' | 'crashed') => ({
  agent: `t:${name}`,
  name,
  role: 'developer',
  state,
  reason: 'r',
});

describe('PmReporter', () => {
  it("batches a team's items into one report and keeps the latest state per agent", () => {
    const r = new PmReporter(10_000);
    r.addState('t', item('a', 'idle'));
    r.addState('t', item('b', 'waiting'));
    r.addState('t', item('a', 'crashed'));
    expect(r.due(0)).toEqual(['t']);
    expect(r.take('t', 0).map((i) => `${i.name}:${i.state}`)).toEqual(['a:crashed', 'b:waiting']);
    expect(r.due(0)).toEqual([]);
  });

  it('holds the next batch until the cooldown has passed', () => {
    const r = new PmReporter(10_000);
    r.addState('t', item('a', 'idle'));
    r.take('t', 1000);
    r.addState('t', item('b', 'idle'));
    expect(r.due(5000)).toEqual([]);
    expect(r.due(11_000)).toEqual(['t']);
  });

  it('drops a state line when the agent goes back to work, but keeps notes', () => {
    const r = new PmReporter(0);
    r.addState('t', item('a', 'idle'));
    r.addNote('t', { agent: 't:a', name: 'a', role: 'developer', note: 'restarted' });
    r.dropState('t', 't:a');
    expect(r.take('t', 0).map((i) => i.note)).toEqual(['restarted']);
  });

  it('keeps teams apart', () => {
    const r = new PmReporter(0);
    r.addState('t1', item('a', 'idle'));
    r.addState('t2', item('b', 'idle'));
    expect(r.due(0).sort()).toEqual(['t1', 't2']);
    r.clear('t1');
    expect(r.due(0)).toEqual(['t2']);
  });
});

describe('formatReport', () => {
  it('writes one line per agent with what to do', () => {
    const text = formatReport('shop', [item('a', 'idle'), item('b', 'waiting'), item('c', 'crashed')], {
      recover: false,
      now: new Date(),
    });
    expect(text).toMatch(/^\[tmux-orc monitor\] team shop/);
    expect(text).toContain('- a (developer): idle');
    expect(text).toContain('tmux-orc agent approve t:b');
    expect(text).toContain('tmux-orc agent restart t:c --rebrief');
  });

  it('says the monitor restarts crashed agents under --recover', () => {
    expect(formatReport('shop', [item('c', 'crashed')], { recover: true, now: new Date() })).toContain(
      'the monitor is restarting it',
    );
  });

  it('words the escalation for the PM and for an orchestrator', () => {
    expect(formatEscalation('shop', ['pm', 'a'], 600, true)).toMatch(/idle for 10 min.*\(pm, a\).*hand them out/);
    expect(formatEscalation('shop', ['pm'], 90, false)).toMatch(/idle for 90 s.*its PM/);
  });
});

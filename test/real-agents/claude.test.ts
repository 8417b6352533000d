import { connectInMemory } from '../helpers/mcp-in-memory.js';
import { Monitor } from '../../src/monitor/monitor.js';
import type { MonitorEvent } from '../../src/monitor/monitor-event.js';
import { realAgentSuites, step } from './real-agent-suite.js';

// Claude Code retries a 429 up to 10 times ("Retrying in Ns · attempt k/10"); the fake fails only 3, then answers.
realAgentSuites({
  kind: 'claude',
  quit: '/exit',
  limitMessage: 'this one is rate limited RATE429x3',
  recover: async () => undefined,
  more: (ctx) => {
    step('is driven by the MCP tools agent_send and agent_status', async () => {
      const h = ctx.harness();
      const target = ctx.target();
      const mcp = await connectInMemory(h.tmux.manager());
      try {
        expect((await mcp.call('agent_status', { target })).structuredContent).toMatchObject({
          ok: true,
          data: { agents: [{ target, state: 'idle' }] },
        });
        const text = 'sent through the MCP tool agent_send';
        const sent = await mcp.call('agent_send', { target, message: text, waitIdle: true, timeout: 30 });
        expect(sent.structuredContent).toMatchObject({
          ok: true,
          command: 'agent send',
          data: { submitted: true, state: 'idle' },
        });
        await ctx.expectArrivedOnce(text);

        await mcp.call('agent_send', { target, message: 'a slow one through MCP SLOW3' });
        const seen = new Set<string>();
        for (
          const end = Date.now() + 15_000;
          Date.now() < end && !(seen.has('busy') && seen.has('idle'));
          await new Promise((r) => setTimeout(r, 150))
        ) {
          const status = await mcp.call('agent_status', { target });
          seen.add((status.structuredContent as { data: { agents: { state: string }[] } }).data.agents[0]!.state);
        }
        expect([...seen]).toEqual(expect.arrayContaining(['busy', 'idle']));
      } finally {
        await mcp.close();
      }
    });

    step('is reported to its PM (a second Claude) by the monitor while it waits on a prompt', async () => {
      const h = ctx.harness();
      const target = ctx.target();
      expect(await h.spawn('pm', 'pm')).toMatchObject({ ok: true, data: { ready: true } });
      const events: MonitorEvent[] = [];
      const monitor = new Monitor(
        h.tmux.manager(),
        { session: h.session, reportCooldownMs: 0, confirmSweeps: 1, idleEscalateMs: 0 },
        (e) => void events.push(e),
      );
      try {
        await monitor.sweep();
        expect(await h.cli('agent', 'send', target, 'one more TOOLCALL for the monitor to see')).toMatchObject({
          ok: true,
        });
        expect(await h.cli('agent', 'wait', target, '--until', 'waiting', '--timeout', '20')).toMatchObject({
          ok: true,
        });
        for (const end = Date.now() + 20_000; !events.some((e) => e.type === 'report') && Date.now() < end;) {
          await monitor.sweep();
          await new Promise((r) => setTimeout(r, 200));
        }
        expect(events).toContainEqual(
          expect.objectContaining({ type: 'report', pm: `${h.session}:pm`, agents: ['dev:waiting'], ok: true }),
        );
        // The PM's Claude got the report as one message, naming the waiting agent and how to answer it.
        const report = await h.waitForRequest(
          (r) => r.role === 'turn' && (r.text ?? '').startsWith('[tmux-orc monitor]'),
        );
        expect(report.text).toContain(`dev (developer): waiting`);
        expect(report.text).toContain(`tmux-orc agent approve ${target}`);
        expect((await h.turns()).filter((r) => r.text === report.text)).toHaveLength(1);
      } finally {
        await monitor.close();
        await h.cli('agent', 'deny', target);
        await h.cli('agent', 'kill', `${h.session}:pm`);
      }
      expect(await h.cli('agent', 'wait', target, '--until', 'idle', '--timeout', '20')).toMatchObject({ ok: true });
    });
  },
});

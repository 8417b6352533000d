import { MESSAGE_MAX_BYTES } from '../../src/input-limits.js';
import { agentStatuses } from '../../src/agents/agent-status.js';
import { deliverMessage } from '../../src/agents/deliver-message.js';
import { listAgents } from '../../src/agents/find-agent.js';
import { findPm } from '../../src/teams/find-pm.js';
import { defineCommand, type CommandGroup } from '../command-spec.js';
import { readTextArg } from '../read-text-arg.js';
import { deliverySchema } from './agent-schemas.js';

const SESSION_OPTION = {
  flags: '-s, --session <session>',
  description: 'the team; needed only when several teams have a PM',
  mcpDescription: 'the team (when several have a PM)',
};

const message = defineCommand({
  name: 'message',
  description: "Send a message to the team's PM (the agent with role pm).",
  effect: 'change',
  drivesAgents: true,
  idempotent: false,
  args: [{ name: 'message', description: 'the text, or @file', mcpDescription: '', maxLength: MESSAGE_MAX_BYTES }],
  options: [SESSION_OPTION],
  output: deliverySchema,
  async run(input, ctx) {
    const pm = await findPm(ctx.manager(), input.session);
    return deliverMessage(ctx.manager(), pm, await readTextArg(input.message, ctx));
  },
  human: (d) => `sent to PM ${d.target}`,
});

const checkin = defineCommand({
  name: 'checkin',
  description:
    "Ask the PM for a check-in: sends it the team's current states (who is idle, busy, waiting or crashed) and asks it to unblock and report.",
  mcpDescription: "Send the PM the team's states and ask it to unblock and report.",
  effect: 'change',
  drivesAgents: true,
  idempotent: false,
  options: [SESSION_OPTION],
  output: (z) => deliverySchema(z).extend({ message: z.string() }),
  async run(input, ctx) {
    const manager = ctx.manager();
    const pm = await findPm(manager, input.session);
    const others = (await listAgents(manager, pm.session)).filter((a) => a.target !== pm.target);
    const states = await agentStatuses(manager, others);
    const lines = states.map((s) => `- ${s.name} (${s.role}): ${s.state}${s.reason ? ` (${s.reason})` : ''}`);
    const text = [
      `Check-in for team ${pm.session}, ${new Date().toISOString()}:`,
      ...(lines.length ? lines : ['- no other agents']),
      'Please give idle agents their next task, unblock the waiting ones, restart crashed ones, and report progress.',
    ].join('\n');
    return { ...(await deliverMessage(manager, pm, text)), message: text };
  },
  human: (d) => `check-in sent to ${d.target}`,
});

/** `tmux-orc pm ...`: talk to a team's PM. */
export const pmGroup: CommandGroup = {
  name: 'pm',
  description: "Message a team's PM and ask it for a check-in.",
  commands: [message, checkin],
};

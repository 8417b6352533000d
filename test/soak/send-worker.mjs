// One sending process of the trust soak: delivers its messages, all at once, through the built core, and prints one
// JSON line per message with its outcome. A message stopped by a prompt or by another's leftover text is sent again
// later, as an orchestrator would; the core makes that safe (a message left typed is only submitted, never retyped).
import { deliverMessage } from '../../dist/src/agents/deliver-message.js';
import { findAgent } from '../../dist/src/agents/find-agent.js';
import { TMUXManager } from '../../dist/src/manager/tmux-manager.js';

const [socketName, transport, job] = process.argv.slice(2);
const { messages } = JSON.parse(job);
const manager = new TMUXManager({ socketName, transport });
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const RETRY = new Set(['agent.promptPending', 'agent.inputPending', 'agent.sendLocked', 'agent.deliveryFailed']);

async function send({ target, text }) {
  const codes = [];
  for (let attempt = 0; attempt < 60; attempt++) {
    try {
      const agent = await findAgent(manager, target);
      const report = await deliverMessage(manager, agent, text);
      return { target, text, ok: true, report, codes };
    } catch (error) {
      codes.push(error.code ?? String(error));
      if (!RETRY.has(error.code)) return { target, text, ok: false, codes };
      await sleep(100 + Math.random() * 200);
    }
  }
  return { target, text, ok: false, codes };
}

const results = await Promise.all(messages.map(send));
for (const r of results) process.stdout.write(`${JSON.stringify(r)}\n`);
await manager.close();

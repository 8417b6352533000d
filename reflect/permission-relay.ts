import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { ElicitRequestFormParams } from '@modelcontextprotocol/sdk/types.js';
import { toOrcError } from '../src/errors.js';
import type { FleetView, FleetViewChange, FleetViewPrompt, PromptChoice } from './fleet-view.js';

/** How long the client's user has to answer; after it the prompt stays as it is. */
export const RELAY_TIMEOUT_MS = 10 * 60_000;

const CHOICE_NAMES: Record<PromptChoice, string> = {
  approve: 'Approve once',
  always: 'Approve, and do not ask again',
  deny: 'Deny',
};

/** A running relay. */
export interface PermissionRelay {
  close(): void;
}

/**
 * `tmux-orc mcp --relay-permissions`: when an agent waits on a permission prompt (read from its hooks or its screen),
 * asks the client's user with `elicitation/create`, the prompt's text and its choices, and answers it with theirs
 * exactly once (the core's answer takes the pane's lock and types nothing for a prompt that is gone or was answered
 * moments ago, by this server or another). Each prompt is asked about once per server; a question still open when
 * its prompt goes (answered elsewhere, the agent moved on) is cancelled. No answer, a decline or a cancel leaves the
 * prompt as it is. Start it only for a client that declared form elicitation.
 */
export function relayPermissions(
  server: Server,
  fleet: () => Promise<FleetView>,
  log: (line: string) => void,
): PermissionRelay {
  // Per agent: the prompt asked about and the question's abort.
  const asked = new Map<string, { id: string; controller: AbortController }>();
  let closed = false;
  let view: FleetView | undefined;
  const onChange = (change: FleetViewChange) => {
    if (!change.agent || closed) return;
    const open = asked.get(change.agent);
    if (!change.prompt) {
      // Still waiting with no dialog drawn (a hook's announcement) is the same prompt; anything else ends it.
      if (open && change.status?.state !== 'waiting') {
        open.controller.abort(new Error('the prompt is no longer shown'));
        asked.delete(change.agent);
      }
      return;
    }
    if (open?.id === change.prompt.id) return;
    open?.controller.abort(new Error('another prompt replaced it'));
    const controller = new AbortController();
    asked.set(change.agent, { id: change.prompt.id, controller });
    void ask(change.prompt, controller.signal);
  };
  const ask = async (prompt: FleetViewPrompt, signal: AbortSignal) => {
    const label = `tmux-orc mcp: relay: ${prompt.target}`;
    let result;
    try {
      result = await server.elicitInput(question(prompt), { signal, timeout: RELAY_TIMEOUT_MS });
    } catch (error) {
      log(
        `${label}: no answer (${signal.aborted ? String(signal.reason?.message ?? signal.reason) : (error as Error).message}); the prompt is left as it is`,
      );
      return;
    }
    const answer = result.content?.answer;
    if (result.action !== 'accept' || !prompt.choices.includes(answer as PromptChoice)) {
      log(`${label}: ${result.action === 'accept' ? 'no choice' : result.action}; the prompt is left as it is`);
      return;
    }
    try {
      await view!.answer(prompt.target, prompt.id, answer as PromptChoice);
      log(`${label}: answered ${String(answer)}`);
    } catch (error) {
      const orc = toOrcError(error);
      log(`${label}: not answered: ${orc.code}: ${orc.message}`);
    }
  };
  const following = fleet().then((v) => {
    view = v;
    const follower = v.follow({ changed: onChange });
    void follower.follow({ all: true });
    if (closed) follower.close();
    return follower;
  });
  following.catch((error: unknown) => log(`tmux-orc mcp: relay: ${String(error)}`));
  log('tmux-orc mcp: relaying permission prompts to the client');
  return {
    close() {
      closed = true;
      for (const { controller } of asked.values()) controller.abort(new Error('the server is stopping'));
      asked.clear();
      void following.then(
        (f) => f.close(),
        () => undefined,
      );
    },
  };
}

/** The elicitation: the prompt's text as the screen shows it (the agent's words, not ours), and its choices. */
function question(prompt: FleetViewPrompt): ElicitRequestFormParams {
  const who = `${prompt.target} (${prompt.kind}${prompt.role ? `, ${prompt.role}` : ''})`;
  return {
    mode: 'form',
    message: `${who} is waiting on a permission prompt. Its screen shows:\n\n${prompt.text}\n\nHow should tmux-orc answer it?`,
    requestedSchema: {
      type: 'object',
      properties: {
        answer: {
          type: 'string',
          title: 'Answer',
          enum: [...prompt.choices],
          enumNames: prompt.choices.map((c) => CHOICE_NAMES[c]),
        },
      },
      required: ['answer'],
    },
  };
}

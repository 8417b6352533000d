// Anthropic Messages API (`POST /v1/messages?beta=true`) as Claude Code calls it: streamed SSE or plain JSON.
import { AFTER_TOOL, pace, resetAt } from './script.mjs';
import { openSse, sendJson, wait, writeEvent } from './sse.mjs';

/**
 * Reads what a request carries: the last user text (system reminders dropped), every user text, and whether
 * it is a turn (tools offered, a user message last), a follow-up to a tool call, or a side call (title, quota).
 */
export function readAnthropic(body) {
  const messages = Array.isArray(body.messages) ? body.messages : [];
  const userTexts = messages
    .filter((m) => m.role === 'user')
    .map(textOf)
    .filter((t) => t !== '');
  // 2.1.x may put a `system` message after the user's, so the last user message is looked for, not the last one.
  const last = messages.findLast((m) => m.role === 'user');
  const text = last ? textOf(last) : '';
  // After a refused tool call the next message carries the refusal and the user's new text together.
  const toolResult = Array.isArray(last?.content) && last.content.some((b) => b.type === 'tool_result');
  const hasTools = Array.isArray(body.tools) && body.tools.length > 0;
  const role = !hasTools ? 'side' : text !== '' ? 'turn' : toolResult ? 'followup' : 'side';
  return { model: body.model, stream: body.stream === true, role, text, userTexts };
}

function textOf(message) {
  if (typeof message.content === 'string') return message.content;
  if (!Array.isArray(message.content)) return '';
  return message.content
    .filter((b) => b.type === 'text' && !/^\s*<(?:system-reminder|command-|local-command)/.test(b.text))
    .map((b) => b.text)
    .join('\n');
}

/** Answers a request according to its plan. */
export async function answerAnthropic(res, body, request, plan) {
  const { role } = request;
  if ((plan.kind === 'rate-limit' || (plan.kind === 'stream-rate-limit' && !request.stream)) && role !== 'side') {
    return sendJson(res, 429, {
      type: 'error',
      error: { type: 'rate_limit_error', message: 'Number of requests has exceeded your rate limit (fake-llm).' },
    });
  }
  if (plan.kind === 'usage-limit' && role !== 'side') {
    const reset = resetAt();
    return sendJson(
      res,
      429,
      { type: 'error', error: { type: 'rate_limit_error', message: 'Usage limit reached (fake-llm).' } },
      {
        'anthropic-ratelimit-unified-status': 'rejected',
        'anthropic-ratelimit-unified-reset': String(reset),
        'anthropic-ratelimit-unified-representative-claim': 'five_hour',
      },
    );
  }
  if (plan.kind === 'unavailable' && role !== 'side') {
    const error = { type: 'api_error', message: 'Service unavailable (fake-llm).' };
    return sendJson(res, 503, { type: 'error', error });
  }
  if (plan.kind === 'hang' && role !== 'side') return;
  if (plan.kind === 'stream-rate-limit' && role !== 'side' && request.stream) {
    // The API can also fail a stream it has opened, with an error event.
    openSse(res);
    writeEvent(res, { type: 'message_start', message: message(request.model, [], 'start') }, 'message_start');
    const error = { type: 'rate_limit_error', message: 'Number of requests has exceeded your rate limit (fake-llm).' };
    writeEvent(res, { type: 'error', error }, 'error');
    return res.end();
  }
  const blocks =
    role === 'side'
      ? [{ type: 'text', text: sideText(body) }]
      : plan.kind === 'call' && role === 'turn'
        ? [{ type: 'tool_use', id: `toolu_fake${Date.now()}`, name: plan.name, input: plan.input }]
        : role === 'followup'
          ? [{ type: 'text', text: AFTER_TOOL }]
          : plan.kind === 'tool'
            ? [
                { type: 'text', text: 'I will run a command.' },
                {
                  type: 'tool_use',
                  id: `toolu_fake${Date.now()}`,
                  name: shellTool(body),
                  input: { command: plan.command, description: 'Print a marker' },
                },
              ]
            : [{ type: 'text', text: plan.text }];
  const ms = role === 'turn' && plan.kind === 'slow' ? plan.ms : 0;
  if (!request.stream) return sendJson(res, 200, message(request.model, blocks, 'end'));
  openSse(res);
  writeEvent(res, { type: 'message_start', message: message(request.model, [], 'start') }, 'message_start');
  for (const [index, block] of blocks.entries()) {
    if (block.type === 'text') {
      writeEvent(
        res,
        { type: 'content_block_start', index, content_block: { type: 'text', text: '' } },
        'content_block_start',
      );
      for (const chunk of ms ? pace(block.text, ms) : [{ delay: 0, text: block.text }]) {
        if (chunk.delay) await wait(res, chunk.delay);
        writeEvent(
          res,
          { type: 'content_block_delta', index, delta: { type: 'text_delta', text: chunk.text } },
          'content_block_delta',
        );
      }
    } else {
      writeEvent(
        res,
        {
          type: 'content_block_start',
          index,
          content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} },
        },
        'content_block_start',
      );
      writeEvent(
        res,
        {
          type: 'content_block_delta',
          index,
          delta: { type: 'input_json_delta', partial_json: JSON.stringify(block.input) },
        },
        'content_block_delta',
      );
    }
    writeEvent(res, { type: 'content_block_stop', index }, 'content_block_stop');
  }
  const stop = blocks.some((b) => b.type === 'tool_use') ? 'tool_use' : 'end_turn';
  writeEvent(
    res,
    { type: 'message_delta', delta: { stop_reason: stop, stop_sequence: null }, usage: { output_tokens: 12 } },
    'message_delta',
  );
  writeEvent(res, { type: 'message_stop' }, 'message_stop');
  res.end();
}

// Side calls without tools: the session title (Claude Code asks for JSON, OpenCode for the bare line) and quota probes.
function sideText(body) {
  const system = JSON.stringify(body.system ?? '');
  if (/title generator/i.test(system)) return 'Fake task';
  return /title/i.test(system) ? '{"isNewTopic": true, "title": "Fake task"}' : 'OK';
}

// Claude Code's shell tool is `Bash`, OpenCode's (on the same API) `bash`.
function shellTool(body) {
  return (body.tools ?? []).some((t) => t?.name === 'bash') ? 'bash' : 'Bash';
}

function message(model, content, phase) {
  const stop = phase === 'start' ? null : content.some((b) => b.type === 'tool_use') ? 'tool_use' : 'end_turn';
  return {
    id: `msg_fake${Date.now()}`,
    type: 'message',
    role: 'assistant',
    model: model ?? 'claude-fake',
    content,
    stop_reason: stop,
    stop_sequence: null,
    usage: {
      input_tokens: 20,
      output_tokens: phase === 'start' ? 1 : 12,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
    },
  };
}

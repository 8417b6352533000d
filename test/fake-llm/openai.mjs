// OpenAI Responses API (`POST /v1/responses`) as Codex calls it: always streamed.
import { AFTER_TOOL, pace, resetAt } from './script.mjs';
import { openSse, sendJson, wait, writeEvent } from './sse.mjs';

// Codex sends its environment and project instructions as user messages of their own.
const CONTEXT = /^\s*(?:<environment_context>|<user_instructions>|<permissions|# AGENTS\.md|<INSTRUCTIONS>)/;

/** Reads what a request carries: the last user text, every user text, and whether a tool output came last. */
export function readOpenai(body) {
  const input = Array.isArray(body.input) ? body.input : [];
  const userTexts = input
    .filter((i) => i.type === 'message' && i.role === 'user')
    .map(textOf)
    .filter((t) => t !== '' && !CONTEXT.test(t));
  const last = input.at(-1);
  const followup = last?.type === 'function_call_output' || last?.type === 'custom_tool_call_output';
  // The thread-title call offers no tools.
  const hasTools = Array.isArray(body.tools) && body.tools.length > 0;
  const turn = hasTools && last?.type === 'message' && last.role === 'user';
  const role = !hasTools ? 'side' : followup ? 'followup' : turn ? 'turn' : 'side';
  return {
    model: body.model,
    stream: body.stream !== false,
    role,
    text: last?.type === 'message' ? textOf(last) : '',
    userTexts,
  };
}

function textOf(item) {
  if (typeof item.content === 'string') return item.content;
  return (item.content ?? [])
    .filter((c) => c.type === 'input_text')
    .map((c) => c.text)
    .join('\n');
}

/** Answers a request according to its plan. */
export async function answerOpenai(res, _body, request, plan) {
  const { role } = request;
  if (plan.kind === 'rate-limit' && role === 'turn') {
    return sendJson(res, 429, {
      error: { type: 'requests', code: 'rate_limit_exceeded', message: 'Rate limit reached for requests (fake-llm).' },
    });
  }
  if (plan.kind === 'usage-limit' && role === 'turn') {
    const resetsAt = resetAt();
    return sendJson(res, 429, {
      error: {
        type: 'usage_limit_reached',
        message: 'The usage limit has been reached',
        plan_type: 'plus',
        resets_at: resetsAt,
        resets_in_seconds: resetsAt - Math.floor(Date.now() / 1000),
      },
    });
  }
  if (plan.kind === 'unavailable' && role === 'turn') {
    const message = 'The server is overloaded or not ready yet (fake-llm).';
    return sendJson(res, 503, { error: { type: 'server_error', code: null, message } });
  }
  if (plan.kind === 'hang' && role === 'turn') return;
  const id = `resp_fake${Date.now()}`;
  openSse(res);
  writeEvent(res, { type: 'response.created', response: { id, status: 'in_progress' } }, 'response.created');
  if (plan.kind === 'stream-rate-limit' && role === 'turn') {
    // How the Responses API reports a rate limit met mid-request: Codex parses the delay and retries the stream.
    const message =
      'Rate limit reached for gpt-5-codex (fake-llm) on tokens per min (TPM): Limit 30000, Used 30000, ' +
      'Requested 20. Please try again in 2s.';
    const error = { code: 'rate_limit_exceeded', message };
    writeEvent(res, { type: 'response.failed', response: { id, status: 'failed', error } }, 'response.failed');
    return res.end();
  }
  if (role === 'turn' && plan.kind === 'tool') {
    const args = {
      cmd: plan.command,
      sandbox_permissions: 'require_escalated',
      justification: 'The fake LLM needs to run a marker command.',
    };
    const item = {
      type: 'function_call',
      id: `fc_${id}`,
      call_id: `call_${id}`,
      name: 'exec_command',
      arguments: JSON.stringify(args),
      status: 'completed',
    };
    writeEvent(
      res,
      { type: 'response.output_item.added', output_index: 0, item: { ...item, arguments: '' } },
      'response.output_item.added',
    );
    writeEvent(res, { type: 'response.output_item.done', output_index: 0, item }, 'response.output_item.done');
  } else {
    const text = role === 'followup' ? AFTER_TOOL : role === 'turn' ? (plan.text ?? 'OK') : 'Fake task';
    const itemId = `msg_${id}`;
    writeEvent(
      res,
      {
        type: 'response.output_item.added',
        output_index: 0,
        item: { type: 'message', id: itemId, role: 'assistant', status: 'in_progress', content: [] },
      },
      'response.output_item.added',
    );
    const ms = role === 'turn' && plan.kind === 'slow' ? plan.ms : 0;
    for (const chunk of ms ? pace(text, ms) : [{ delay: 0, text }]) {
      if (chunk.delay) await wait(res, chunk.delay);
      writeEvent(
        res,
        { type: 'response.output_text.delta', item_id: itemId, output_index: 0, content_index: 0, delta: chunk.text },
        'response.output_text.delta',
      );
    }
    const item = {
      type: 'message',
      id: itemId,
      role: 'assistant',
      status: 'completed',
      content: [{ type: 'output_text', text, annotations: [] }],
    };
    writeEvent(res, { type: 'response.output_item.done', output_index: 0, item }, 'response.output_item.done');
  }
  const usage = {
    input_tokens: 20,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: 12,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: 32,
  };
  writeEvent(res, { type: 'response.completed', response: { id, status: 'completed', usage } }, 'response.completed');
  res.end();
}

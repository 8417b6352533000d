// Gemini API as Gemini CLI calls it: `:generateContent` for JSON side calls (the model router, the next-speaker
// check) and `:streamGenerateContent?alt=sse` for turns; `:countTokens` too.
import { AFTER_TOOL, pace, resetAt } from './script.mjs';
import { openSse, sendJson, wait, writeEvent } from './sse.mjs';

/** Reads what a request carries: the last user text, every user text, and whether a function response came last. */
export function readGemini(body, method) {
  const contents = Array.isArray(body.contents) ? body.contents : [];
  const userTexts = contents
    .filter((c) => c.role === 'user')
    .map(textOf)
    .filter((t) => t !== '');
  const last = contents.at(-1);
  const followup = last?.role === 'user' && (last.parts ?? []).some((p) => p.functionResponse);
  const turn = method === 'streamGenerateContent' && last?.role === 'user' && !followup;
  return {
    model: body.model,
    stream: method === 'streamGenerateContent',
    role: followup ? 'followup' : turn ? 'turn' : 'side',
    text: last?.role === 'user' ? textOf(last) : '',
    userTexts,
  };
}

// The first user message also carries a `<session_context>` part (date, folders) ahead of the user's text.
function textOf(content) {
  return (content.parts ?? [])
    .filter((p) => typeof p.text === 'string' && !p.thought && !/^\s*<session_context>/.test(p.text))
    .map((p) => p.text)
    .join('\n');
}

/** Answers a request according to its plan; `model` comes from the URL path. */
export async function answerGemini(res, body, request, plan, model) {
  const { role } = request;
  if (role === 'turn' && (plan.kind === 'rate-limit' || plan.kind === 'stream-rate-limit')) {
    return sendJson(res, 429, {
      error: {
        code: 429,
        message: 'Resource has been exhausted (fake-llm).',
        status: 'RESOURCE_EXHAUSTED',
        details: [],
      },
    });
  }
  if (role === 'turn' && plan.kind === 'usage-limit') {
    // An exhausted quota with a retry delay is terminal: the CLI shows its "Usage limit reached … Access resets at"
    // dialog (0.61 reads QUOTA_EXHAUSTED only from the Code Assist domain).
    const delay = resetAt() - Math.floor(Date.now() / 1000);
    return sendJson(res, 429, {
      error: {
        code: 429,
        message: 'You exceeded your current quota (fake-llm).',
        status: 'RESOURCE_EXHAUSTED',
        details: [
          {
            '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
            reason: 'QUOTA_EXHAUSTED',
            domain: 'cloudcode-pa.googleapis.com',
          },
          { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${delay}s` },
        ],
      },
    });
  }
  if (role === 'turn' && plan.kind === 'unavailable') {
    const message = 'The model is overloaded. Please try again later. (fake-llm)';
    return sendJson(res, 503, { error: { code: 503, message, status: 'UNAVAILABLE' } });
  }
  if (role === 'turn' && plan.kind === 'hang') return;
  if (!request.stream) return sendJson(res, 200, response([{ text: sideJson(body) }], model, 'STOP'));
  openSse(res);
  if (role === 'turn' && plan.kind === 'tool') {
    const call = {
      functionCall: { name: 'run_shell_command', args: { command: plan.command, description: 'Print a marker' } },
    };
    writeEvent(res, response([call], model, 'STOP'));
    return res.end();
  }
  const text = role === 'followup' ? AFTER_TOOL : role === 'turn' ? (plan.text ?? 'OK') : 'OK';
  const ms = role === 'turn' && plan.kind === 'slow' ? plan.ms : 0;
  const chunks = ms ? pace(text, ms) : [{ delay: 0, text }];
  for (const [i, chunk] of chunks.entries()) {
    if (chunk.delay) await wait(res, chunk.delay);
    writeEvent(res, response([{ text: chunk.text }], model, i === chunks.length - 1 ? 'STOP' : undefined));
  }
  res.end();
}

function response(parts, model, finishReason) {
  return {
    candidates: [{ content: { role: 'model', parts }, index: 0, ...(finishReason ? { finishReason } : {}) }],
    usageMetadata: { promptTokenCount: 20, candidatesTokenCount: 12, totalTokenCount: 32 },
    modelVersion: model ?? 'gemini-fake',
  };
}

// A JSON answer that fits the schema the side call asks for; the next-speaker check must hand the turn back.
function sideJson(body) {
  const config = body.generationConfig ?? body.config ?? {};
  const schema = config.responseJsonSchema ?? config.responseSchema;
  const asked = JSON.stringify(body.systemInstruction ?? '') + JSON.stringify(body.contents?.at(-1) ?? '');
  if (schema) return JSON.stringify(fill(schema, ''));
  if (/model_choice/.test(asked))
    return JSON.stringify({ reasoning: 'fake-llm routes every request to flash', model_choice: 'flash' });
  return 'OK';
}

function fill(schema, name) {
  if (name === 'next_speaker') return 'user';
  if (Array.isArray(schema.enum) && schema.enum.length > 0)
    return name === 'model_choice' ? (schema.enum.find((e) => /flash/.test(e)) ?? schema.enum[0]) : schema.enum[0];
  const type = String(schema.type ?? 'string').toLowerCase();
  if (type === 'object')
    return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([k, v]) => [k, fill(v, k)]));
  if (type === 'array') return [];
  if (type === 'boolean') return false;
  if (type === 'number' || type === 'integer') return 0;
  return 'fake';
}

import { planFor } from './script.mjs';
import { spawnFakeLlm, type FakeLlm } from './spawn-fake-llm.mjs';

// The fake LLM on its own, without any real CLI: the shapes each CLI relies on, and the request log.
let fake: FakeLlm;

beforeAll(async () => {
  fake = await spawnFakeLlm();
});

afterAll(async () => {
  await fake?.close();
});

beforeEach(() => fake.reset());

const post = (path: string, body: unknown) =>
  fetch(`${fake.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

/** The data objects of an SSE body. */
async function events(res: Response): Promise<Record<string, unknown>[]> {
  const text = await res.text();
  return text
    .split('\n')
    .filter((l) => l.startsWith('data: '))
    .map((l) => JSON.parse(l.slice(6)) as Record<string, unknown>);
}

describe('keywords', () => {
  it.each([
    ['hello there', 'reply'],
    ['go SLOW5 please', 'slow'],
    ['run the TOOLCALL', 'tool'],
    ['CALLTOOL=mcp__tmux-orc__list', 'call'],
    ['be RATE429 limited', 'rate-limit'],
    ['fail the STREAM429 stream', 'stream-rate-limit'],
    ['be UNAVAILABLE503 now', 'unavailable'],
    ['hit the USAGELIMIT', 'usage-limit'],
    ['just HANG', 'hang'],
    ['slow is only a keyword in capitals', 'reply'],
  ])('%j plans %s', (text, kind) => {
    expect(planFor(text).kind).toBe(kind);
  });

  it.each([
    ['RATE429x2', 'rate-limit'],
    ['STREAM429x2', 'stream-rate-limit'],
    ['UNAVAILABLE503x2', 'unavailable'],
  ])('%s fails only the first n attempts', (text, kind) => {
    expect(planFor(text, 1).kind).toBe(kind);
    expect(planFor(text, 2).kind).toBe('reply');
  });
});

describe('Anthropic Messages', () => {
  const turn = (text: string) => ({
    model: 'claude-test',
    stream: true,
    tools: [{ name: 'Bash' }],
    messages: [
      {
        role: 'user',
        content: [
          { type: 'text', text: '<system-reminder>context</system-reminder>' },
          { type: 'text', text },
        ],
      },
      { role: 'system', content: 'x' },
    ],
  });

  it('streams a Bash tool_use for TOOLCALL, and logs the user text without reminders', async () => {
    const res = await post('/v1/messages?beta=true', turn('please TOOLCALL'));
    const data = await events(res);
    expect(data.map((d) => d.type)).toEqual([
      'message_start',
      'content_block_start',
      'content_block_delta',
      'content_block_stop',
      'content_block_start',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(data[4]).toMatchObject({ content_block: { type: 'tool_use', name: 'Bash' } });
    expect(data[7]).toMatchObject({ delta: { stop_reason: 'tool_use' } });
    expect(await fake.requests()).toEqual([
      expect.objectContaining({
        api: 'anthropic',
        role: 'turn',
        text: 'please TOOLCALL',
        userTexts: ['please TOOLCALL'],
        plan: 'tool',
        status: 200,
      }),
    ]);
  });

  it('streams a tool_use of the named tool with the JSON input for CALLTOOL, then a reply after its result', async () => {
    expect(planFor('CALLTOOL=mcp__srv__agent_status {"target": "p:d"} now')).toMatchObject({
      name: 'mcp__srv__agent_status',
      input: { target: 'p:d' },
    });
    const data = await events(await post('/v1/messages?beta=true', turn('use CALLTOOL=mcp__srv__list')));
    expect(data[1]).toMatchObject({ content_block: { type: 'tool_use', name: 'mcp__srv__list', input: {} } });
    expect(JSON.parse((data[2] as { delta: { partial_json: string } }).delta.partial_json)).toEqual({});
    expect(data.find((d) => d.type === 'message_delta')).toMatchObject({ delta: { stop_reason: 'tool_use' } });
    const id = (data[1] as { content_block: { id: string } }).content_block.id;
    const result = {
      role: 'user',
      content: [{ type: 'tool_result', tool_use_id: id, content: [{ type: 'text', text: '{}' }] }],
    };
    const after = await events(
      await post('/v1/messages?beta=true', {
        ...turn('use CALLTOOL=mcp__srv__list'),
        messages: [...turn('use CALLTOOL=mcp__srv__list').messages, result],
      }),
    );
    expect(after[2]).toMatchObject({ delta: { type: 'text_delta', text: 'Fake reply: the tool call finished.' } });
    expect((await fake.requests()).map((r) => r.plan)).toEqual(['call', 'after-tool']);
  });

  it('answers a title call (no tools) as a side call, and 429 with RATE429', async () => {
    await (
      await post('/v1/messages?beta=true', {
        model: 'h',
        stream: false,
        system: 'Write a title',
        messages: [{ role: 'user', content: 'RATE429' }],
      })
    ).json();
    expect((await post('/v1/messages?beta=true', turn('RATE429'))).status).toBe(429);
    expect((await fake.requests()).map((r) => r.role)).toEqual(['side', 'turn']);
  });
});

describe('failures the CLIs retry', () => {
  const anthropic = (text: string, stream = true) => ({
    model: 'c',
    stream,
    tools: [{ name: 'Bash' }],
    messages: [{ role: 'user', content: text }],
  });
  const openai = (text: string) => ({
    model: 'm',
    tools: [{}],
    input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text }] }],
  });
  const gemini = { contents: [{ role: 'user', parts: [{ text: 'UNAVAILABLE503' }] }] };

  it('answers UNAVAILABLE503 with HTTP 503 on every API', async () => {
    expect((await post('/v1/messages', anthropic('UNAVAILABLE503'))).status).toBe(503);
    expect((await post('/v1/responses', openai('UNAVAILABLE503'))).status).toBe(503);
    const res = await post('/v1beta/models/pro:streamGenerateContent?alt=sse', gemini);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ error: { code: 503, status: 'UNAVAILABLE' } });
  });

  it('fails an opened OpenAI stream with STREAM429: response.failed, rate_limit_exceeded and a delay', async () => {
    const res = await post('/v1/responses', openai('STREAM429'));
    expect(res.status).toBe(200);
    const data = await events(res);
    expect(data.map((d) => d.type)).toEqual(['response.created', 'response.failed']);
    const error = { code: 'rate_limit_exceeded', message: expect.stringMatching(/try again in 2s/) };
    expect(data[1]).toMatchObject({ response: { status: 'failed', error } });
  });

  it('fails an opened Anthropic stream with an error event, and a plain call with 429', async () => {
    const data = await events(await post('/v1/messages', anthropic('STREAM429')));
    expect(data.map((d) => d.type)).toEqual(['message_start', 'error']);
    expect(data[1]).toMatchObject({ error: { type: 'rate_limit_error' } });
    expect((await post('/v1/messages', anthropic('STREAM429', false))).status).toBe(429);
  });
});

describe('OpenAI Responses', () => {
  it('streams an escalated exec_command for TOOLCALL and a reply after its output', async () => {
    const input = [
      {
        type: 'message',
        role: 'user',
        content: [{ type: 'input_text', text: '<environment_context>x</environment_context>' }],
      },
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'a TOOLCALL' }] },
    ];
    const data = await events(
      await post('/v1/responses', { model: 'm', stream: true, tools: [{ name: 'exec_command' }], input }),
    );
    const call = data.find((d) => d.type === 'response.output_item.done') as {
      item: { name: string; arguments: string };
    };
    expect(call.item.name).toBe('exec_command');
    expect(JSON.parse(call.item.arguments)).toMatchObject({
      sandbox_permissions: 'require_escalated',
      justification: expect.any(String),
    });
    expect(data.at(-1)).toMatchObject({ type: 'response.completed' });
    const after = await events(
      await post('/v1/responses', {
        model: 'm',
        tools: [{ name: 'exec_command' }],
        input: [...input, { type: 'function_call_output', call_id: 'c', output: '' }],
      }),
    );
    expect(after.some((d) => d.type === 'response.output_text.delta')).toBe(true);
    expect((await fake.requests()).map((r) => [r.role, r.userTexts])).toEqual([
      ['turn', ['a TOOLCALL']],
      ['followup', ['a TOOLCALL']],
    ]);
  });

  it('answers USAGELIMIT with usage_limit_reached and a reset time', async () => {
    const res = await post('/v1/responses', {
      model: 'm',
      tools: [{}],
      input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'USAGELIMIT' }] }],
    });
    expect(res.status).toBe(429);
    expect(await res.json()).toMatchObject({ error: { type: 'usage_limit_reached', resets_at: expect.any(Number) } });
  });
});

describe('Gemini', () => {
  const contents = (text: string) => [
    { role: 'user', parts: [{ text: '<session_context>\nfolders\n</session_context>' }, { text }] },
  ];

  it('answers the router with JSON that fits its schema, and streams a run_shell_command for TOOLCALL', async () => {
    const schema = {
      type: 'object',
      properties: { reasoning: { type: 'string' }, model_choice: { type: 'string', enum: ['pro', 'flash'] } },
    };
    const routed = (await (
      await post('/v1beta/models/flash-lite:generateContent', {
        contents: contents('TOOLCALL'),
        generationConfig: { responseJsonSchema: schema },
      })
    ).json()) as { candidates: { content: { parts: { text: string }[] } }[] };
    expect(JSON.parse(routed.candidates[0]!.content.parts[0]!.text)).toEqual({
      reasoning: 'fake',
      model_choice: 'flash',
    });
    const data = await events(
      await post('/v1beta/models/pro:streamGenerateContent?alt=sse', { contents: contents('TOOLCALL') }),
    );
    expect(data[0]).toMatchObject({
      candidates: [{ content: { parts: [{ functionCall: { name: 'run_shell_command' } }] } }],
    });
    expect((await fake.requests()).map((r) => [r.role, r.text])).toEqual([
      ['side', 'TOOLCALL'],
      ['turn', 'TOOLCALL'],
    ]);
  });

  it('answers USAGELIMIT with a terminal quota error', async () => {
    const res = await post('/v1beta/models/pro:streamGenerateContent?alt=sse', { contents: contents('USAGELIMIT') });
    expect(res.status).toBe(429);
    expect(await res.json()).toMatchObject({
      error: {
        status: 'RESOURCE_EXHAUSTED',
        details: expect.arrayContaining([expect.objectContaining({ reason: 'QUOTA_EXHAUSTED' })]),
      },
    });
  });
});

it('holds a HANG request open until the client gives up', async () => {
  const controller = new AbortController();
  const body = {
    model: 'm',
    tools: [{}],
    input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'HANG' }] }],
  };
  const pending = fetch(`${fake.url}/v1/responses`, {
    method: 'POST',
    body: JSON.stringify(body),
    signal: controller.signal,
  }).then(
    () => 'answered',
    () => 'aborted',
  );
  expect(await Promise.race([pending, new Promise((r) => setTimeout(() => r('still open'), 300))])).toBe('still open');
  controller.abort();
  expect(await pending).toBe('aborted');
  expect(await fake.requests()).toEqual([expect.objectContaining({ plan: 'hang' })]);
});

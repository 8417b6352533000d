import {
  ClientRequestSchema,
  ErrorCode,
  JSONRPCMessageSchema,
  type JSONRPCErrorResponse,
  type JSONRPCMessage,
} from '@modelcontextprotocol/sdk/types.js';

/**
 * What one line of input is: a message to hand to the server, or a problem to log, with the error to answer when
 * the line was a request (or could not be read at all, as JSON-RPC asks).
 */
export type ReadLine = { message: JSONRPCMessage } | { problem: string; reply?: JSONRPCErrorResponse };

/**
 * Reads one line of newline-delimited JSON-RPC. Unlike the SDK's stdio transport, which drops any line that fails its
 * schema, it answers every request that has an id: `params: null` counts as absent, and any other malformed request
 * gets -32600 Invalid Request or -32602 Invalid params (-32700 for a line that is not JSON, without an id).
 * @example
 * readJsonRpcLine('{"jsonrpc":"2.0","id":1,"method":"tools/list","params":null}') // { message: { ..., no params } }
 */
export function readJsonRpcLine(line: string): ReadLine {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    const problem = `not JSON: ${(error as Error).message}`;
    return { problem, reply: errorReply(undefined, ErrorCode.ParseError, `Parse error: ${problem}`) };
  }
  if (Array.isArray(value)) {
    const problem = 'JSON-RPC batches are not supported (MCP sends one message per line)';
    return { problem, reply: errorReply(undefined, ErrorCode.InvalidRequest, problem) };
  }
  if (typeof value !== 'object' || value === null) {
    const problem = 'a JSON-RPC message must be an object';
    return { problem, reply: errorReply(undefined, ErrorCode.InvalidRequest, problem) };
  }
  const raw = value as Record<string, unknown>;
  // A client that has no params often sends null; nothing in MCP gives null params a meaning of its own.
  const object = raw.params === null ? withoutParams(raw) : raw;
  const parsed = JSONRPCMessageSchema.safeParse(object);
  if (parsed.success) return checkParams(parsed.data);
  return answerInvalid(object);
}

/** The message, or -32602 when it is a request of a method MCP defines whose params do not fit that method. */
function checkParams(message: JSONRPCMessage): ReadLine {
  if (!('method' in message) || !('id' in message)) return { message };
  const schema = requestSchemas().get(message.method);
  const checked = schema?.safeParse({ method: message.method, params: message.params });
  if (!checked || checked.success) return { message };
  const issue = checked.error.issues[0];
  const where = issue?.path.length ? issue.path.join('.') : 'params';
  const problem = clip(`invalid params for ${message.method}: ${where}: ${issue?.message ?? 'invalid'}`);
  return { problem, reply: errorReply(message.id, ErrorCode.InvalidParams, problem) };
}

/** Why an object is no JSON-RPC message, answered when it is a request: a malformed response is never answered. */
function answerInvalid(object: Record<string, unknown>): ReadLine {
  const id = isRequestId(object.id) ? object.id : undefined;
  const looksLikeResponse = !('method' in object) && ('result' in object || 'error' in object);
  const problem = `invalid ${looksLikeResponse ? 'response' : 'request'}: ${whatIsWrong(object)}`;
  if (looksLikeResponse || !('id' in object)) return { problem };
  const paramsOnly =
    object.jsonrpc === '2.0' &&
    typeof object.method === 'string' &&
    id !== undefined &&
    'params' in object &&
    JSONRPCMessageSchema.safeParse(withoutParams(object)).success;
  return { problem, reply: errorReply(id, paramsOnly ? ErrorCode.InvalidParams : ErrorCode.InvalidRequest, problem) };
}

const ALLOWED = new Set(['jsonrpc', 'id', 'method', 'params', 'result', 'error']);

function whatIsWrong(object: Record<string, unknown>): string {
  if (object.jsonrpc !== '2.0') return '"jsonrpc" must be "2.0"';
  if ('id' in object && !isRequestId(object.id)) return '"id" must be a string or an integer';
  if ('method' in object && typeof object.method !== 'string') return '"method" must be a string';
  const params = object.params;
  if ('params' in object && (typeof params !== 'object' || Array.isArray(params))) return '"params" must be an object';
  const extra = Object.keys(object).find((key) => !ALLOWED.has(key));
  if (extra !== undefined) return `unknown member ${JSON.stringify(extra.slice(0, 100))}`;
  if (!('method' in object) && !('result' in object) && !('error' in object)) return 'no "method"';
  return 'it does not match the JSON-RPC message schema';
}

/** Problems quote the client's own text (a method, a member name): never all of a hostile megabyte of it. */
function clip(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}...` : text;
}

function isRequestId(id: unknown): id is string | number {
  return typeof id === 'string' || Number.isSafeInteger(id);
}

function withoutParams(object: Record<string, unknown>): Record<string, unknown> {
  const { params: _dropped, ...rest } = object;
  return rest;
}

/** An error response; without an id when the request had none we could read (MCP leaves it out; JSON-RPC says null). */
function errorReply(id: string | number | undefined, code: number, message: string): JSONRPCErrorResponse {
  return { jsonrpc: '2.0', ...(id === undefined ? {} : { id }), error: { code, message } } as JSONRPCErrorResponse;
}

type RequestSchema = (typeof ClientRequestSchema.options)[number];
let bySchemaMethod: Map<string, RequestSchema> | undefined;

/** The SDK's schema of each request a client may send, by method, made on first need. */
function requestSchemas(): Map<string, RequestSchema> {
  return (bySchemaMethod ??= new Map(ClientRequestSchema.options.map((schema) => [schema.shape.method.value, schema])));
}

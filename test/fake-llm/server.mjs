#!/usr/bin/env node
// One fake LLM API on a loopback port for the real agent CLIs: Anthropic Messages (Claude Code), OpenAI Responses
// (Codex) and Gemini generateContent (Gemini CLI). What it answers is scripted by keywords in the last user
// message (script.mjs). Every request is logged; tests read the log at GET /__fake/requests.
// Run: node test/fake-llm/server.mjs [--port N]   (prints {"port":N} on its first stdout line)
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { answerAnthropic, readAnthropic } from './anthropic.mjs';
import { answerGemini, readGemini } from './gemini.mjs';
import { answerOpenai, readOpenai } from './openai.mjs';
import { planFor } from './script.mjs';
import { sendJson } from './sse.mjs';

/**
 * One logged request.
 * @typedef {{ seq: number, at: number, api: 'anthropic'|'openai'|'gemini'|'other', method: string, path: string,
 *   model?: string, stream?: boolean, role?: 'turn'|'followup'|'side', text?: string, userTexts?: string[],
 *   plan?: string, status?: number }} LoggedRequest
 */

const GEMINI = /^\/v1(?:beta|alpha)?\/models\/([^/:]+):(generateContent|streamGenerateContent|countTokens)$/;

/**
 * Starts the server on 127.0.0.1 (never another address); `dump` is a folder to write each request to.
 * @returns {Promise<{ port: number, log: LoggedRequest[], close: () => Promise<void> }>}
 */
export async function startFakeLlm({ port = 0, dump } = {}) {
  /** @type {LoggedRequest[]} */
  const log = [];
  const attempts = new Map();
  const sockets = new Set();
  let seq = 0;

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname.startsWith('/__fake/')) return control(req, res, url);
    const body = await readBody(req);
    /** @type {LoggedRequest} */
    const entry = {
      seq: ++seq,
      at: Date.now(),
      api: 'other',
      method: req.method ?? '',
      path: url.pathname + url.search,
    };
    log.push(entry);
    if (dump)
      writeFileSync(
        join(dump, `${String(entry.seq).padStart(4, '0')}.json`),
        JSON.stringify({ path: entry.path, headers: req.headers, body }, null, 2),
      );
    res.on('finish', () => {
      entry.status = res.statusCode;
    });
    try {
      const gemini = GEMINI.exec(url.pathname);
      if (req.method === 'POST' && url.pathname === '/v1/messages') {
        return await answer(entry, 'anthropic', readAnthropic(body), (r, p) => answerAnthropic(res, body, r, p));
      }
      if (req.method === 'POST' && url.pathname === '/v1/messages/count_tokens')
        return sendJson(res, 200, { input_tokens: 20 });
      if (req.method === 'POST' && url.pathname === '/v1/responses') {
        return await answer(entry, 'openai', readOpenai(body), (r, p) => answerOpenai(res, body, r, p));
      }
      if (req.method === 'POST' && gemini) {
        if (gemini[2] === 'countTokens') return sendJson(res, 200, { totalTokens: 20 });
        return await answer(entry, 'gemini', readGemini(body, gemini[2]), (r, p) =>
          answerGemini(res, body, r, p, gemini[1]),
        );
      }
      if (url.pathname === '/v1/models' || url.pathname === '/v1beta/models')
        return sendJson(res, 200, { object: 'list', data: [], models: [] });
      if (req.method === 'HEAD' || (req.method === 'GET' && url.pathname === '/')) return sendJson(res, 200, {});
      return sendJson(res, 404, { error: { message: `fake-llm: no route for ${req.method} ${url.pathname}` } });
    } catch (error) {
      entry.plan = `error: ${error.message}`;
      if (!res.headersSent) sendJson(res, 500, { error: { message: String(error) } });
      else res.end();
    }
  });

  async function answer(entry, api, request, respond) {
    const key = `${api}\u0000${request.text}`;
    const attempt = request.role === 'turn' ? (attempts.get(key) ?? 0) : 0;
    if (request.role === 'turn') attempts.set(key, attempt + 1);
    const plan = planFor(request.text ?? '', attempt);
    Object.assign(entry, {
      api,
      ...request,
      plan: request.role === 'turn' ? plan.kind : request.role === 'followup' ? 'after-tool' : 'side',
    });
    await respond(request, plan);
  }

  function control(req, res, url) {
    if (url.pathname === '/__fake/requests') return sendJson(res, 200, log);
    if (url.pathname === '/__fake/reset' && req.method === 'POST') {
      log.length = 0;
      attempts.clear();
      return sendJson(res, 200, { ok: true });
    }
    return sendJson(res, 404, { error: 'unknown control path' });
  }

  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return {
    port: /** @type {import('node:net').AddressInfo} */ (server.address()).port,
    log,
    // Hung requests hold their sockets open; close them so the server (and the test) can end.
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function readBody(req) {
  return new Promise((resolve) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      try {
        resolve(text ? JSON.parse(text) : {});
      } catch {
        resolve({ raw: text });
      }
    });
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  // --dump <dir> writes every request's headers and body to <dir>/<seq>.json, to see what a new CLI version sends.
  const { values } = parseArgs({ options: { port: { type: 'string', default: '0' }, dump: { type: 'string' } } });
  if (values.dump) mkdirSync(values.dump, { recursive: true });
  const fake = await startFakeLlm({ port: Number(values.port), ...(values.dump ? { dump: values.dump } : {}) });
  process.stdout.write(`${JSON.stringify({ port: fake.port })}\n`);
  const stop = () => fake.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  // The parent's pipe closing means the test process is gone: do not outlive it.
  process.stdin.on('end', stop);
  process.stdin.resume();
}

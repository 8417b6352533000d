// Writing server-sent events, paced, to a response that the client may abort at any time.

/** Starts an SSE response. */
export function openSse(res) {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
}

/** Writes one event; `event` is omitted for the Gemini and bare-data styles. */
export function writeEvent(res, data, event) {
  if (res.destroyed || res.writableEnded) return;
  res.write(`${event ? `event: ${event}\n` : ''}data: ${JSON.stringify(data)}\n\n`);
}

/** Resolves after ms, or at once when the client went away (so a cancelled stream stops early). */
export function wait(res, ms) {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    res.once('close', done);
    function done() {
      clearTimeout(timer);
      res.off('close', done);
      resolve();
    }
  });
}

/** Sends a JSON body with a status. */
export function sendJson(res, status, body, headers = {}) {
  if (res.destroyed || res.writableEnded) return;
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { deliverMessage } from '../../src/agents/deliver-message.js';
import type { AgentRecord } from '../../src/agents/agent-record.js';
import { spawnAgent } from '../../src/agents/spawn-agent.js';
import type { TMUXManager } from '../../src/manager/tmux-manager.js';
import { launchBrowser, type Browser } from '../helpers/browser.js';
import { ROOT, requireBuiltCli } from '../helpers/built-cli.js';
import { eventually, loggedAnswers, loggedMessages, sleep } from '../helpers/fake-agent-support.js';
import { killAllPrivateTmux, privateTmux, type PrivateTmux } from '../helpers/private-tmux.js';
import { fakeAgentArgv } from '../helpers/test-servers.js';

// `tmux-orc web` in a real headless chromium (Debian's, driven by playwright-core) over a fleet of fake agents on a
// private tmux server: the list, live states, send and approve from the page, the refusals, and the screenshot of
// docs/dashboard.md (written there when TMUX_ORC_DOCS_SCREENSHOT=1: npm run docs:screenshot).
const TOKEN = 'orc-dash19-web-token-0123456789';
const HOOKS = join(ROOT, 'src', 'agents', 'hooks', 'tmux-orc-hook.sh');
let tmux: PrivateTmux;
let manager: TMUXManager;
let dir: string;
let web: { child: ChildProcessWithoutNullStreams; url: string; port: number; stderr: () => string };
let browser: Browser;
let foreign: Server | undefined;
/** Every request the page made, and every response's CSP, from its first load on. */
const requested: string[] = [];
const agents: Record<string, AgentRecord> = {};
const log = (name: string) => join(dir, `${name}.jsonl`);

beforeAll(async () => {
  tmux = privateTmux('orc-dash19-web');
  tmux.tmux('new-session', '-d', '-s', 'keeper', 'sleep', '600');
  manager = tmux.manager();
  dir = (await import('node:fs')).mkdtempSync(join((await import('node:os')).tmpdir(), 'orc-dash19-web-'));
  mkdirSync(join(dir, 'project'));
  const spawnFake = async (
    session: string,
    name: string,
    role: string,
    kind: 'claude' | 'codex' | 'gemini',
    ...flags: string[]
  ) => {
    const command = fakeAgentArgv(kind, log(name), ...flags);
    agents[name] = (await spawnAgent(manager, { session, name, role, kind, command, cwd: join(dir, 'project') })).agent;
  };
  await Promise.all([
    spawnFake('shop', 'dev', 'developer', 'claude', '--hooks', HOOKS, '--busy-ms', '600'),
    spawnFake('shop', 'qa', 'qa', 'claude', '--hooks', HOOKS),
    spawnFake('ops', 'rev', 'reviewer', 'codex', '--busy-ms', '2500'),
    spawnFake('ops', 'gem', 'docs', 'gemini'),
  ]);
  // Agent text that would be markup or script if a page ever parsed it as HTML.
  const printer = [
    'sh',
    '-c',
    `printf '\\033[31m</script><img src=x onerror="window.pwned=1"> red\\033[0m \\033[1;32mgreen\\033[0m\\n'; exec sleep 600`,
  ];
  agents.evil = (
    await spawnAgent(manager, {
      session: '</script><script>pwned=2</script>',
      name: 'evil',
      role: '<img src=x onerror="window.pwned=3">',
      kind: 'custom',
      command: printer,
      wait: false,
    })
  ).agent;
  web = await startWeb();
  browser = await launchBrowser();
  browser.page.on('request', (r) => void requested.push(r.url()));
  await browser.page.goto(web.url);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  foreign?.close();
  if (web && web.child.exitCode === null) {
    web.child.kill('SIGTERM');
    await new Promise((resolve) => web.child.once('exit', resolve));
  }
  await killAllPrivateTmux();
  (await import('node:fs')).rmSync(dir, { recursive: true, force: true });
});

/** Starts `tmux-orc web` on a free port; resolves once it printed its address. */
async function startWeb(args: string[] = [], env: Record<string, string> = { TMUX_ORC_WEB_TOKEN: TOKEN }) {
  const child = spawn(process.execPath, [requireBuiltCli(), '-L', tmux.socketName, 'web', ...args], {
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  await eventually('the page to be served', () => /open (http:\/\/\S+)/.test(stderr), 15_000);
  const url = /open (http:\/\/\S+)/.exec(stderr)![1]!;
  return { child, url, port: Number(new URL(url).port), stderr: () => stderr };
}

/** The row of an agent on the page. */
const rowOf = (target: string) => browser.page.locator(`tbody tr[data-target=${JSON.stringify(target)}]`);

/** One raw HTTP request to the web server, every header as given. */
function raw(method: string, path: string, headers: Record<string, string>, body?: string) {
  type Answer = { status: number; body: string; headers: Record<string, string | string[] | undefined> };
  return new Promise<Answer>((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: web.port, method, path, headers: { host: `127.0.0.1:${web.port}`, ...headers } },
      (res) => {
        let text = '';
        res
          .setEncoding('utf8')
          .on('data', (d: string) => (text += d))
          .on('end', () => resolve({ status: res.statusCode ?? 0, body: text, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

test('the page lists the fleet, waiting agents first, agent text as text', async () => {
  const page = browser.page;
  await eventually('five agents', async () => (await page.locator('tbody tr').count()) === 5);
  const cells = await page
    .locator('tbody tr')
    .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
  expect(cells.map((c) => c[1]).sort()).toEqual(['dev', 'evil', 'gem', 'qa', 'rev']);
  const evil = cells.find((c) => c[1] === 'evil')!;
  expect(evil[0]).toBe('</script><script>pwned=2</script>');
  expect(evil[2]).toBe('<img src=x onerror="window.pwned=3">');
  expect(evil[7]).toContain('</script><img src=x onerror="window.pwned=1"> red');
  expect(await page.evaluate(() => (globalThis as { pwned?: unknown }).pwned)).toBeUndefined();
  expect(await page.locator('main img, main script').count()).toBe(0);
  // Its screen, drawn by xterm.js with the pane's colours (SGR 31 and 1;32 on the palette's red and green).
  await rowOf(agents.evil!.target).click();
  await page.waitForSelector('#screen[data-target$=":evil"] .xterm-rows');
  await eventually(
    'coloured text',
    async () => (await page.locator('#screen .xterm-rows span.xterm-fg-1').count()) > 0,
  );
  expect(await page.locator('#screen .xterm-rows').innerText()).toContain('</script><img src=x');
  expect(await page.evaluate(() => (globalThis as { pwned?: unknown }).pwned)).toBeUndefined();
});

test('the page loads nothing from outside the machine: every request to its own origin, a CSP that allows no other', async () => {
  const page = browser.page;
  await page.waitForSelector('#screen .xterm-rows');
  const origin = new URL(web.url).origin;
  expect(requested.length).toBeGreaterThan(4);
  expect(requested.filter((url) => !url.startsWith(`${origin}/`) && !url.startsWith('data:'))).toEqual([]);
  // What it would ask for: the page's own files and xterm.js, each with the token.
  const paths = new Set(requested.filter((u) => u.startsWith(origin)).map((u) => new URL(u).pathname));
  expect([...paths].sort()).toEqual(
    expect.arrayContaining(['/', '/app.css', '/app.js', '/events', '/vendor/xterm.css', '/vendor/xterm.js']),
  );
  // The page's own files name no other machine (xterm.js, from npm, only in comments and XML namespaces).
  for (const path of ['/', '/app.js', '/app.css']) {
    expect((await raw('GET', `${path}?token=${TOKEN}`, {})).body).not.toMatch(
      /(?:https?|wss?):\/\/|["'(]\/\/[a-z0-9]/i,
    );
  }
  // And what the browser may fetch at all: no origin but its own (default-src 'none', script/connect 'self').
  const csp = String((await raw('GET', `/?token=${TOKEN}`, {})).headers['content-security-policy'] ?? '');
  expect(csp).toMatch(/default-src 'none'/);
  for (const directive of csp.split(';').map((d) => d.trim().split(/\s+/))) {
    expect(directive.slice(1).filter((v) => !["'self'", "'none'", "'unsafe-inline'", 'data:'].includes(v))).toEqual([]);
  }
});

test('a state change reaches the page within 1 s of the hook that reports it', async () => {
  const page = browser.page;
  await deliverMessage(manager, agents.dev!, 'run the PERMISSION task');
  // The fake turns busy (its prompt hook), then after 600 ms shows the dialog and fires its permission hook.
  await page.waitForSelector('tr[data-target="shop:dev"][data-state="waiting"]', { timeout: 5000 });
  const seenAt = Date.now();
  const hookAt = Number(
    tmux.tmux('display', '-p', '-t', agents.dev!.paneId, '#{@tmux-orc-hook-permission}').split(' ')[1],
  );
  const latency = seenAt - hookAt;
  process.stderr.write(`web dashboard: hook to page ${latency} ms\n`);
  expect(latency).toBeLessThan(1000);
  // It comes first, with its source.
  expect(await page.locator('tbody tr').first().getAttribute('data-target')).toBe('shop:dev');
  expect(await rowOf('shop:dev').locator('td.source').textContent()).toBe('hook');
});

test('a state seen only on the screen (no hooks) follows within a tmux notification (about a second)', async () => {
  const page = browser.page;
  await deliverMessage(manager, agents.rev!, 'look at this');
  const submitted = Date.now();
  await page.waitForSelector('tr[data-target="ops:rev"][data-state="busy"]', { timeout: 5000 });
  const busy = Date.now() - submitted;
  // The fake is busy for 2.5 s after the message was submitted.
  await page.waitForSelector('tr[data-target="ops:rev"][data-state="idle"]', { timeout: 6000 });
  const idle = Date.now() - submitted - 2500;
  process.stderr.write(
    `web dashboard: screen-only agent: busy on the page ${busy} ms after the delivery, idle ${idle} ms after it was\n`,
  );
  expect(busy).toBeLessThan(2000);
  expect(idle).toBeLessThan(2000);
});

test('approve from the page answers the prompt, once', async () => {
  const page = browser.page;
  await rowOf('shop:dev').click();
  await page.waitForSelector('#detail-target:text-is("shop:dev")');
  await page.click('#actions button[data-action="approve"]');
  await page.waitForSelector('#status:text-is("approved shop:dev")');
  await eventually('the answer', () => loggedAnswers(log('dev')).length > 0);
  await page.waitForSelector('tr[data-target="shop:dev"][data-state="idle"]');
  expect(loggedAnswers(log('dev'))).toEqual(['approved']);
  // An agent with no prompt: the command's own error, shown on the page.
  await page.click('#actions button[data-action="approve"]');
  await page.waitForSelector('#status.error:has-text("agent.notWaiting")');
  expect(loggedAnswers(log('dev'))).toEqual(['approved']);
});

test('send from the page delivers exactly once, as typed', async () => {
  const page = browser.page;
  await rowOf('shop:qa').click();
  await page.waitForSelector('#detail-target:text-is("shop:qa")');
  const text = 'hello #(touch /tmp/orc-dash19-x) ; #{pid} </script> @/etc/passwd';
  await page.fill('#message', text);
  await page.press('#message', 'Enter');
  await page.waitForSelector('#status:text-is("sent to shop:qa")');
  await sleep(400);
  expect(loggedMessages(log('qa'))).toEqual([text]);
  expect(existsSync('/tmp/orc-dash19-x')).toBe(false);
});

test('two sends at once from the page, many times: each message exactly once', async () => {
  const page = browser.page;
  const before = loggedMessages(log('gem')).length;
  const sent: string[] = [];
  for (let i = 0; i < 4; i++) {
    const pair = [`race ${i} a ; #{pid}`, `race ${i} b`];
    sent.push(...pair);
    // The token as the page holds it (its meta tag), posted by the page's own fetch, as its script does.
    const token = (await page.locator('meta[name="tmux-orc-token"]').getAttribute('content')) ?? '';
    const answers = await page.evaluate(
      async ([target, a, b, bearer]) => {
        const post = (text: string) =>
          fetch('/api/send', {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
            body: JSON.stringify({ target, text }),
          }).then((r) => r.json() as Promise<{ ok: boolean }>);
        return Promise.all([post(a!), post(b!)]);
      },
      ['ops:gem', ...pair, token],
    );
    expect(answers.map((e) => e.ok)).toEqual([true, true]);
  }
  // And twice through the form, the second typed while the first is on its way.
  await rowOf('ops:gem').click();
  await page.waitForSelector('#detail-target:text-is("ops:gem")');
  for (const text of ['form one', 'form two']) {
    await page.fill('#message', text);
    await page.press('#message', 'Enter');
    sent.push(text);
  }
  await eventually('every message', () => loggedMessages(log('gem')).length >= before + sent.length, 15_000);
  await sleep(500);
  const got = loggedMessages(log('gem')).slice(before);
  expect([...got].sort()).toEqual([...sent].sort());
}, 60_000);

test('requests without the token, with another Host or a foreign Origin, and actions that are not POSTs of JSON are refused', async () => {
  const json = { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` };
  const body = JSON.stringify({ target: 'shop:qa', text: 'must not arrive' });
  const before = loggedMessages(log('qa')).length;
  expect((await raw('GET', '/', {})).status).toBe(401);
  expect((await raw('GET', '/?token=wrong-token-0123456789', {})).status).toBe(401);
  expect((await raw('GET', '/events', {})).status).toBe(401);
  expect((await raw('GET', '/vendor/xterm.js', {})).status).toBe(401);
  expect((await raw('GET', `/?token=${TOKEN}`, {})).status).toBe(200);
  expect((await raw('GET', `/?token=${TOKEN}`, { host: `evil.example:${web.port}` })).status).toBe(403);
  expect((await raw('GET', `/api/fleet?token=${TOKEN}`, { origin: 'http://evil.example' })).status).toBe(403);
  expect((await raw('POST', '/api/send', { ...json, origin: 'http://evil.example' }, body)).status).toBe(403);
  expect((await raw('POST', '/api/send', { ...json, origin: 'null' }, body)).status).toBe(403);
  expect((await raw('POST', '/api/send', { ...json, authorization: 'Bearer nope-nope-nope-nope' }, body)).status).toBe(
    401,
  );
  // The token in the URL opens the page; an action needs it in a header.
  expect((await raw('POST', `/api/send?token=${TOKEN}`, { 'content-type': 'application/json' }, body)).status).toBe(
    401,
  );
  expect((await raw('GET', `/api/send?token=${TOKEN}`, {})).status).toBe(405);
  expect((await raw('POST', '/api/send', { ...json, 'content-type': 'text/plain' }, body)).status).toBe(415);
  expect((await raw('POST', '/api/send', json, '{not json')).status).toBe(400);
  expect((await raw('POST', '/api/nosuch', json, body)).status).toBe(404);
  expect(
    JSON.parse((await raw('POST', '/api/send', json, JSON.stringify({ target: 'shop:nobody', text: 'x' }))).body).error
      .code,
  ).toBe('agent.notFound');

  // From a page of another origin on this machine, which knows the token even: the browser's requests are refused.
  foreign = createServer((_req, res) =>
    res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>other</title>'),
  );
  await new Promise<void>((resolve) => foreign!.listen(0, '127.0.0.1', resolve));
  const other = await browser.context.newPage();
  try {
    await other.goto(`http://127.0.0.1:${(foreign.address() as AddressInfo).port}/`);
    const outcome = await other.evaluate(
      async ([port, token]) => {
        const target = `http://127.0.0.1:${port}`;
        const body = JSON.stringify({ target: 'shop:qa', text: 'must not arrive' });
        const cors = await fetch(`${target}/api/send`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body,
        }).then(
          () => 'answered',
          () => 'blocked',
        );
        // A "simple" request goes without a preflight: the server sees its Origin and refuses it (and the answer's
        // Cross-Origin-Resource-Policy keeps even that from the page).
        const simple = await fetch(`${target}/api/send?token=${token}`, {
          method: 'POST',
          mode: 'no-cors',
          headers: { 'content-type': 'text/plain' },
          body,
        }).then(
          () => 'sent',
          () => 'blocked',
        );
        const read = await fetch(`${target}/api/fleet?token=${token}`).then(
          (r) => r.text(),
          () => 'blocked',
        );
        return { cors, simple, read };
      },
      [String(web.port), TOKEN],
    );
    expect(outcome).toEqual({ cors: 'blocked', simple: 'blocked', read: 'blocked' });
  } finally {
    await other.close();
  }
  await sleep(300);
  expect(loggedMessages(log('qa')).length).toBe(before);
});

test('kill from the page asks first', async () => {
  const page = browser.page;
  await rowOf('ops:rev').click();
  await page.waitForSelector('#detail-target:text-is("ops:rev")');
  page.once('dialog', (d) => void d.dismiss());
  await page.click('#actions button[data-action="kill"]');
  await page.waitForSelector('#status:text-is("kill cancelled")');
  expect(tmux.tmux('list-windows', '-t', 'ops', '-F', '#{window_name}')).toContain('rev');
  page.once('dialog', (d) => void d.accept());
  await page.click('#actions button[data-action="kill"]');
  await page.waitForSelector('#status:text-is("killed ops:rev")');
  await eventually('the row gone', async () => (await page.locator('tr[data-target="ops:rev"]').count()) === 0);
  expect(tmux.tmux('list-windows', '-t', 'ops', '-F', '#{window_name}')).not.toContain('rev');
});

test('the page of a small fleet, as docs/dashboard.md shows it', async () => {
  const page = browser.page;
  // The fleet a person runs: the agent with hostile text (the first test's) goes.
  tmux.tmux('kill-window', '-t', agents.evil!.paneId);
  await eventually('four agents or fewer', async () => (await page.locator('tr[data-target$=":evil"]').count()) === 0);
  await deliverMessage(manager, agents.qa!, 'run the PERMISSION task');
  await page.waitForSelector('tr[data-target="shop:qa"][data-state="waiting"]');
  await rowOf('shop:qa').click();
  await page.waitForSelector('#screen[data-target="shop:qa"]');
  await eventually('the dialog on its screen', async () =>
    /Do you want to proceed/.test(await page.locator('#screen .xterm-rows').innerText()),
  );
  const shot = join(dir, 'dashboard.png');
  // No row hovered, no horizontal scroll: the page as it first shows.
  await page.mouse.move(0, 0);
  expect(await page.evaluate(() => (globalThis as unknown as { scrollX: number }).scrollX)).toBe(0);
  await page.screenshot({ path: shot, fullPage: true });
  expect(readFileSync(shot).subarray(1, 4).toString()).toBe('PNG');
  if (process.env.TMUX_ORC_DOCS_SCREENSHOT === '1') {
    mkdirSync(join(ROOT, 'docs'), { recursive: true });
    copyFileSync(shot, join(ROOT, 'docs', 'dashboard.png'));
  }
});

test('a port in use is web.listenFailed; a short TMUX_ORC_WEB_TOKEN is usage.invalid', async () => {
  const run = (args: string[], env: Record<string, string>) =>
    new Promise<{ code: number; error: string }>((resolve) => {
      execFile(
        process.execPath,
        [requireBuiltCli(), '-L', tmux.socketName, '--json', 'web', ...args],
        { env: { ...process.env, ...env }, timeout: 15_000 },
        (error, stdout) => {
          resolve({
            code: error ? Number(error.code) : 0,
            error: (JSON.parse(stdout) as { error: { code: string } }).error.code,
          });
        },
      );
    });
  expect(await run(['--port', String(web.port)], { TMUX_ORC_WEB_TOKEN: TOKEN })).toEqual({
    code: 1,
    error: 'web.listenFailed',
  });
  expect(await run([], { TMUX_ORC_WEB_TOKEN: 'short' })).toEqual({ code: 2, error: 'usage.invalid' });
  expect(await run(['--host', 'not a host'], { TMUX_ORC_WEB_TOKEN: TOKEN })).toEqual({
    code: 2,
    error: 'usage.invalid',
  });
});

test('it stops on SIGTERM, its streams closed', async () => {
  const exited = new Promise<number | null>((resolve) => web.child.once('exit', (code) => resolve(code)));
  web.child.kill('SIGTERM');
  expect(await exited).toBe(0);
  expect(web.stderr()).toMatch(/stopping: SIGTERM/);
});

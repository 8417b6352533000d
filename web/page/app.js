/* global Terminal */ // xterm.js, loaded by index.html before this file
// The fleet page of `tmux-orc web`. It follows /events (server-sent events, one `fleet` message per change), draws
// the table with DOM nodes and textContent only (agent text is never parsed as HTML), shows the selected agent's
// screen in xterm.js, and posts actions with the token in a header. Served by web/serve-web.ts; no build step.
'use strict';
(() => {
  const token = document.querySelector('meta[name="tmux-orc-token"]').getAttribute('content');
  const $ = (id) => document.getElementById(id);
  const STATES = ['starting', 'idle', 'busy', 'waiting', 'rate_limited', 'crashed', 'unknown'];
  let view = { rows: [], serverRunning: true, monitor: { running: false } };
  let skew = 0;
  let selected = null;
  const screen = { target: null, seq: -1, loading: false, term: null };

  // ---------- the fleet, live ----------

  function follow() {
    const events = new EventSource(`/events?token=${encodeURIComponent(token)}`);
    events.addEventListener('fleet', (e) => {
      view = JSON.parse(e.data);
      skew = Date.now() - view.serverNow;
      render();
    });
    events.addEventListener('open', () => connection(true));
    // EventSource reconnects by itself; the page says it is behind meanwhile.
    events.addEventListener('error', () => connection(false));
  }

  function connection(live) {
    const c = $('connection');
    c.textContent = live ? 'live' : 'reconnecting…';
    c.className = live ? 'on' : 'off';
  }

  function matches(row, filter) {
    const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
    const hay = [row.host || '', row.target, row.role, row.kind, row.state, row.source, row.lastLine]
      .join('\n')
      .toLowerCase();
    return words.every((w) => hay.includes(w));
  }

  function shownRows() {
    const filter = $('filter').value;
    return view.rows.filter((r) => matches(r, filter));
  }

  function duration(ms) {
    const s = Math.max(0, Math.round(ms / 1000));
    if (s < 60) return `${s}s`;
    if (s < 3600) return `${Math.floor(s / 60)}m`;
    if (s < 86400) return `${Math.floor(s / 3600)}h`;
    return `${Math.floor(s / 86400)}d`;
  }

  function cell(tr, text, className) {
    const td = document.createElement('td');
    td.textContent = text;
    if (className) td.className = className;
    tr.appendChild(td);
    return td;
  }

  function stateClass(state) {
    return `state state-${STATES.includes(state) ? state : 'unknown'}`;
  }

  function render() {
    const rows = shownRows();
    const hosts = Boolean(view.hosts) || view.rows.some((r) => r.host);
    document.querySelectorAll('th.host').forEach((th) => (th.hidden = !hosts));
    if (!rows.some((r) => r.target === selected)) selected = rows.length ? rows[0].target : null;
    const body = document.createElement('tbody');
    for (const row of rows) {
      const tr = document.createElement('tr');
      tr.dataset.target = row.target;
      tr.dataset.state = row.state;
      if (row.target === selected) tr.className = 'selected';
      if (hosts) cell(tr, row.host || '', 'host');
      cell(tr, row.session);
      cell(tr, row.name, 'name');
      cell(tr, row.role || '-');
      cell(tr, row.kind);
      cell(tr, row.state.replace('_', ' '), stateClass(row.state));
      cell(tr, row.source, 'source');
      cell(tr, duration(Date.now() - skew - row.sinceMs), 'for').dataset.since = String(row.sinceMs);
      cell(tr, row.lastLine, 'last');
      tr.addEventListener('click', () => select(row.target));
      body.appendChild(tr);
    }
    $('agents').replaceChild(body, $('agents').tBodies[0]);
    const empty = $('empty');
    empty.hidden = rows.length > 0;
    empty.textContent = !view.serverRunning
      ? 'No tmux server on this socket.'
      : view.rows.length
        ? 'No agent matches the filter.'
        : 'No agents.';
    const counts = {};
    for (const r of view.rows) counts[r.state] = (counts[r.state] || 0) + 1;
    const parts = Object.entries(counts).map(([s, n]) => `${n} ${s.replace('_', ' ')}`);
    $('counts').textContent =
      `${view.rows.length} agent${view.rows.length === 1 ? '' : 's'}${parts.length ? `: ${parts.join(', ')}` : ''}${view.monitor.running ? ' · monitor running' : ''}${view.error ? ` · tmux: ${view.error.message}` : ''}${(
        view.hosts || []
      )
        .filter((h) => h.error)
        .map((h) => ` · ${h.host}: ${h.error.code}`)
        .join('')}`;
    document.body.dataset.takenAt = String(view.takenAt);
    renderDetail();
  }

  function tickDurations() {
    document
      .querySelectorAll('td.for')
      .forEach((td) => (td.textContent = duration(Date.now() - skew - Number(td.dataset.since))));
  }

  // ---------- the selected agent ----------

  function select(target) {
    selected = target;
    render();
  }

  function renderDetail() {
    const row = view.rows.find((r) => r.target === selected);
    $('detail').hidden = !row;
    if (!row) return;
    $('detail-target').textContent = row.target;
    const state = $('detail-state');
    state.textContent = row.state.replace('_', ' ');
    state.className = stateClass(row.state);
    $('detail-reason').textContent = `${row.reason} (from the ${row.source})`;
    if (screen.target !== row.target || screen.seq !== row.screenSeq) loadScreen(row.target, row.screenSeq);
  }

  async function loadScreen(target, seq) {
    if (screen.loading) return;
    screen.loading = true;
    // Taken as read whatever comes of it: a screen that cannot be read is not asked for again until it changes.
    screen.target = target;
    screen.seq = seq;
    try {
      const res = await fetch(`/api/screen?target=${encodeURIComponent(target)}&token=${encodeURIComponent(token)}`);
      if (!res.ok) return;
      const s = await res.json();
      if (!screen.term) {
        screen.term = new Terminal({
          disableStdin: true,
          cursorBlink: false,
          scrollback: 0,
          fontSize: 13,
          cols: s.cols,
          rows: s.rows,
          fontFamily: '"DejaVu Sans Mono", "Liberation Mono", monospace',
        });
        screen.term.open($('screen'));
      }
      screen.term.resize(Math.max(2, s.cols), Math.max(1, s.rows));
      screen.term.reset();
      // Our own sequence: no cursor on a picture of a screen. The text holds colours only (src/fleet/agent-screen.ts).
      screen.term.write(`\x1b[?25l${s.text}`, () => ($('screen').dataset.seq = String(seq)));
      $('screen').dataset.target = target;
    } finally {
      screen.loading = false;
      // The fleet moved on while this screen was read: read the new one.
      const row = view.rows.find((r) => r.target === selected);
      if (row && (row.target !== screen.target || row.screenSeq !== screen.seq)) loadScreen(row.target, row.screenSeq);
    }
  }

  // ---------- actions ----------

  const DONE = { send: 'sent to', approve: 'approved', deny: 'denied', restart: 'restarted', kill: 'killed' };

  /** Posts an action; resolves with the command's envelope. */
  async function act(action, target, text) {
    const res = await fetch(`/api/${action}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(text === undefined ? { target } : { target, text }),
    });
    return res.json();
  }

  function status(text, error) {
    const s = $('status');
    s.textContent = text;
    s.className = error ? 'error' : '';
  }

  async function run(action, text) {
    const target = selected;
    if (!target) return;
    if ((action === 'kill' || action === 'restart') && !window.confirm(`${action} ${target}?`))
      return status(`${action} cancelled`, false);
    status(`${action} ${target}…`, false);
    try {
      const envelope = await act(action, target, text);
      if (envelope.ok) status(`${DONE[action]} ${target}`, false);
      else status(`error [${envelope.error.code}]: ${envelope.error.message}`, true);
      return envelope;
    } catch (error) {
      status(`${action} failed: ${error.message}`, true);
    }
  }

  $('send-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const input = $('message');
    const text = input.value;
    if (!text.trim()) return;
    input.value = '';
    const envelope = await run('send', text);
    if (envelope && !envelope.ok && !input.value) input.value = text;
  });
  document.querySelectorAll('#actions button').forEach((b) => b.addEventListener('click', () => run(b.dataset.action)));
  $('filter').addEventListener('input', render);

  // j/k and the arrows select, / filters, as in the terminal dashboard.
  document.addEventListener('keydown', (e) => {
    if (e.target instanceof HTMLInputElement) {
      if (e.key === 'Escape') e.target.blur();
      return;
    }
    const rows = shownRows();
    const at = rows.findIndex((r) => r.target === selected);
    if (e.key === 'j' || e.key === 'ArrowDown') select(rows[Math.min(rows.length - 1, at + 1)]?.target ?? selected);
    else if (e.key === 'k' || e.key === 'ArrowUp') select(rows[Math.max(0, at - 1)]?.target ?? selected);
    else if (e.key === '/') {
      e.preventDefault();
      $('filter').focus();
    } else return;
    e.preventDefault();
  });

  setInterval(tickDurations, 1000);
  follow();
})();

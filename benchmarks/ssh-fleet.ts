import { execFile, execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { agentStatuses } from '../src/agents/agent-status.js';
import { listAgents } from '../src/agents/find-agent.js';
import { TMUXManager } from '../src/manager/tmux-manager.js';
import { startSshLab, type LabHost, type SshLab } from '../test/helpers/ssh-lab.js';
import { growFleet } from './fleet.js';
import { machineInfo } from './machine-info.js';
import { measure, type Measured } from './measure.js';
import { CLI } from './paths.js';

// Issue 15's benchmark: `fleet status` of 3 hosts x 40 agents, each host behind a link that delays every byte 25 ms
// each way (the ssh lab's proxy: real sshd, real ssh), measured in one run for every way of doing it:
// - tmux-orc over its warm control connections (one `ssh -T ... tmux -C` per host, what `tmux-orc mcp` and the
//   monitor keep): a fresh snapshot and every agent's state, per host, the hosts at once;
// - the one-shot CLI, `tmux-orc fleet status` (on tmux before 3.7 its spawn fallback, over one ControlMaster per host);
// - how peers do it, one `ssh host tmux ...` per command: a list-panes, then a capture-pane per agent, one at a
//   time per host (the hosts at once), with a new connection per command, and riding a warm ControlMaster.
// The baseline reads less than tmux-orc (a capture only, no pane facts), which favours it.
// Run: npm run bench:hosts [-- --quick] [-- --out file.md] (needs sshd: Debian's openssh-server)

const HOSTS = ['h1', 'h2', 'h3'];
const SESSIONS_PER_HOST = 10; // x 4 agents = 40 per host
const DELAY_MS = 25;

type Row = { label: string; result: Measured; note: string };

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, out: { type: 'string' } } });
  const quick = values.quick;
  const started = Date.now();
  const log = (line: string) =>
    void process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(0).padStart(3)} s] ${line}\n`);
  const machine = machineInfo();
  log(`ssh fleet benchmark: ${machine.cores} cores, ${machine.cpu}, ${machine.tmux}, load ${machine.loadAverage}`);
  const lab = await startSshLab(HOSTS, { prefix: 'orc-h15-bench' });
  const managers: TMUXManager[] = [];
  // Ctrl-C leaves no sshd, tmux server or fake agent behind.
  const onSignal = () =>
    void Promise.all(managers.map((m) => m.close().catch(() => undefined)))
      .then(() => lab.close())
      .finally(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    // The fleet is made through the servers' local sockets (the same machine), before the link is slowed.
    for (const host of Object.values(lab.hosts)) {
      const setup = new TMUXManager({ socketName: host.socketName, transport: 'auto' });
      managers.push(setup);
      await growFleet(setup, SESSIONS_PER_HOST, (l) => log(`${host.name}: ${l}`));
    }
    for (const host of Object.values(lab.hosts)) host.link.delayMs = DELAY_MS;
    const rtt = await measureRtt(lab.hosts.h1!);
    log(`link round trip: ${rtt.toFixed(1)} ms (one tmux command on a warm control connection)`);
    const rows: Row[] = [];
    const budget = (n: number) => ({
      iterations: quick ? Math.max(2, Math.round(n / 3)) : n,
      timeMs: 0,
      warmupIterations: 1,
    });

    const warm = Object.values(lab.hosts).map((h) => {
      const m = new TMUXManager({ ...h.socket, transport: 'control' });
      managers.push(m);
      return m;
    });
    let agents = 0;
    const control = await measure(
      'control',
      async () => {
        const counts = await Promise.all(
          warm.map(async (m) => {
            await m.snapshot({ fresh: true });
            return (await agentStatuses(m, await listAgents(m))).length;
          }),
        );
        agents = counts.reduce((a, b) => a + b, 0);
      },
      budget(20),
    );
    if (agents !== HOSTS.length * SESSIONS_PER_HOST * 4)
      throw new Error(`expected ${HOSTS.length * SESSIONS_PER_HOST * 4} agents, read ${agents}`);
    rows.push({
      label: 'tmux-orc, warm control connections (tmux-orc mcp, the monitor)',
      result: control,
      note: `${agents} agents read`,
    });
    log(`control: p50 ${control.p50.toFixed(0)} ms`);

    const env = {
      ...process.env,
      TMUX_ORC_HOSTS: lab.hostsFile,
      TMUX_ORC_SOCKET_NAME: `orc-h15-bench-none-${process.pid}`,
    };
    const oneShot = await measure('cli', () => runCli(env), budget(6));
    rows.push({
      label: 'tmux-orc fleet status, one CLI run (spawn fallback over one ControlMaster per host)',
      result: oneShot,
      note: 'process start included',
    });
    log(`cli: p50 ${oneShot.p50.toFixed(0)} ms`);

    const master = await measure('ssh-master', () => perCommand(lab, true), budget(quick ? 2 : 4));
    rows.push({
      label: 'ssh host tmux ... per command, warm ControlMaster',
      result: master,
      note: '1 list-panes + 40 capture-pane per host',
    });
    log(`ssh with master: p50 ${master.p50.toFixed(0)} ms`);
    const plain = await measure('ssh', () => perCommand(lab, false), {
      iterations: quick ? 1 : 3,
      timeMs: 0,
      warmupIterations: 0,
    });
    rows.push({
      label: 'ssh host tmux ... per command, a connection each (no ControlMaster)',
      result: plain,
      note: 'the same commands',
    });
    log(`ssh: p50 ${plain.p50.toFixed(0)} ms`);

    const markdown = render(machine, rtt, rows, control.p50, (Date.now() - started) / 1000);
    process.stdout.write(markdown);
    if (values.out) writeFileSync(values.out, markdown);
  } finally {
    await Promise.all(managers.map((m) => m.close().catch(() => undefined)));
    for (const host of Object.values(lab.hosts)) exitMaster(lab, host);
    await lab.close();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** The ssh arguments of the baseline: the lab's config and keys, BatchMode, and a master or none. */
function sshArgs(lab: SshLab, host: LabHost, master: boolean): string[] {
  const mux = master
    ? ['-o', 'ControlMaster=auto', '-o', `ControlPath=${join(lab.dir, 'bench-%C')}`, '-o', 'ControlPersist=120']
    : ['-o', 'ControlMaster=no', '-o', 'ControlPath=none'];
  return ['-F', lab.sshConfig, '-T', '-o', 'BatchMode=yes', ...mux, host.name];
}

function ssh(lab: SshLab, host: LabHost, master: boolean, tmux: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'ssh',
      [...sshArgs(lab, host, master), 'tmux', '-L', host.socketName, ...tmux],
      { encoding: 'utf8', timeout: 30_000 },
      (error, stdout) => (error ? reject(error) : resolve(stdout)),
    );
  });
}

/** A peer's fleet status: per host one list-panes, then one capture-pane per agent pane, in turn. */
async function perCommand(lab: SshLab, master: boolean): Promise<void> {
  await Promise.all(
    Object.values(lab.hosts).map(async (host) => {
      const panes = (await ssh(lab, host, master, ['list-panes', '-a', '-F', "'#{pane_id} #{@tmux-orc-name}'"]))
        .split('\n')
        .filter((l) => / \S/.test(l));
      if (panes.length !== SESSIONS_PER_HOST * 4) throw new Error(`${host.name}: ${panes.length} agent panes`);
      for (const line of panes) await ssh(lab, host, master, ['capture-pane', '-p', '-t', line.split(' ')[0]!]);
    }),
  );
}

function runCli(env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [CLI, '--json', 'fleet', 'status'],
      { env, encoding: 'utf8', timeout: 60_000 },
      (_error, stdout) => {
        const envelope = JSON.parse(stdout) as {
          data?: { hosts: Array<{ ok: boolean; host: string }>; totals: { agents: number } };
        };
        const failed = envelope.data?.hosts.filter((h) => !h.ok && h.host !== 'local') ?? [{ host: '?' }];
        if (failed.length > 0 || envelope.data!.totals.agents !== HOSTS.length * SESSIONS_PER_HOST * 4)
          reject(new Error(`fleet status: ${stdout.slice(0, 300)}`));
        else resolve();
      },
    );
  });
}

async function measureRtt(host: LabHost): Promise<number> {
  const m = new TMUXManager({ ...host.socket, transport: 'control' });
  try {
    await m.run(['display-message', '-p', 'x']);
    const times: number[] = [];
    for (let i = 0; i < 10; i++) {
      const t = performance.now();
      await m.run(['display-message', '-p', 'x']);
      times.push(performance.now() - t);
    }
    return times.sort((a, b) => a - b)[5]!;
  } finally {
    await m.close();
  }
}

function exitMaster(lab: SshLab, host: LabHost): void {
  try {
    execFileSync(
      'ssh',
      ['-F', lab.sshConfig, '-o', `ControlPath=${join(lab.dir, 'bench-%C')}`, '-O', 'exit', host.name],
      { stdio: 'ignore', timeout: 5000 },
    );
  } catch {
    // no master
  }
}

function render(
  machine: ReturnType<typeof machineInfo>,
  rtt: number,
  rows: Row[],
  ours: number,
  seconds: number,
): string {
  const ms = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(1));
  return [
    `Fleet status of ${HOSTS.length} hosts x ${SESSIONS_PER_HOST * 4} agents, each behind a link of ${DELAY_MS} ms each way (round trip measured: ${ms(rtt)} ms). ` +
      `${machine.cores} cores, ${machine.cpu}, ${machine.memoryGiB} GiB, ${machine.os}, Node ${machine.node}, ${machine.tmux}, load ${machine.loadAverage}; run took ${seconds.toFixed(0)} s.`,
    '',
    '| how | p50 ms | p95 ms | samples | round trips (p50) | x tmux-orc warm | note |',
    '| --- | ---: | ---: | ---: | ---: | ---: | --- |',
    ...rows.map(
      (r) =>
        `| ${r.label} | ${ms(r.result.p50)} | ${ms(r.result.p95)} | ${r.result.samples} | ${(r.result.p50 / rtt).toFixed(1)} | ${(r.result.p50 / ours).toFixed(1)} | ${r.note} |`,
    ),
    '',
  ].join('\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exitCode = 1;
});

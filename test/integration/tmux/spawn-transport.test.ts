import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SpawnTransport } from '../../../src/tmux/spawn-transport.js';
import { testServers } from '../../helpers/test-servers.js';

const servers = testServers('orc-spawnt');

/** A tmux stand-in that runs the real tmux and logs when each process started and ended (ns). */
function timedTmux(name: string): { bin: string; spans: () => [number, number][] } {
  const bin = join(servers.dir(), `${name}.sh`);
  const log = join(servers.dir(), `${name}.log`);
  writeFileSync(log, '');
  writeFileSync(
    bin,
    `#!/bin/sh\nstart=$(date +%s%N)\ntmux "$@"\nrc=$?\nsleep 0.03\necho "$start $(date +%s%N)" >> '${log}'\nexit $rc\n`,
  );
  chmodSync(bin, 0o755);
  return {
    bin,
    spans: () =>
      readFileSync(log, 'utf8')
        .trim()
        .split('\n')
        .map((l) => l.split(' ').map(Number) as [number, number])
        .sort((a, b) => a[0] - b[0]),
  };
}

const overlaps = (spans: [number, number][]) => spans.some((s, i) => i > 0 && s[0] < spans[i - 1]![1]);

describe('SpawnTransport', () => {
  test('oneAtATime runs each tmux process after the one before, in order, an error not stopping the rest', async () => {
    const tmux = servers.server();
    const timed = timedTmux('serial');
    const transport = new SpawnTransport({ socketName: tmux.socketName, tmuxBin: timed.bin, oneAtATime: true });
    const commands = [
      ['display-message', '-p', 'one'],
      ['has-session', '-t', '=nope'],
      ['display-message', '-p', 'three'],
      ['display-message', '-p', 'four'],
    ];
    const [batch, single] = await Promise.all([
      transport.runMany(commands),
      transport.run(['display-message', '-p', 'five']),
    ]);
    expect(batch.map((o) => (o.ok ? o.lines[0] : o.error.code))).toEqual([
      'one',
      'tmux.sessionNotFound',
      'three',
      'four',
    ]);
    expect(single).toEqual(['five']);
    const spans = timed.spans();
    expect(spans).toHaveLength(5);
    expect(overlaps(spans)).toBe(false);
  });

  test('by default a batch runs its processes side by side', async () => {
    const tmux = servers.server();
    const timed = timedTmux('parallel');
    const transport = new SpawnTransport({ socketName: tmux.socketName, tmuxBin: timed.bin });
    const outcomes = await transport.runMany(['a', 'b', 'c', 'd'].map((t) => ['display-message', '-p', t]));
    expect(outcomes.map((o) => o.ok && o.lines[0])).toEqual(['a', 'b', 'c', 'd']);
    expect(overlaps(timed.spans())).toBe(true);
  });
});

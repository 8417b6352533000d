import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy on loopback that stands for a WAN link between ssh and sshd: each byte stream is delayed by
 * `delayMs` each way (in order), and a test can stall the link (bytes stop, connections stay open) or drop it (every
 * connection cut at once, as a link that goes down).
 */
export interface LinkProxy {
  port: number;
  /** Delay each way, in ms; may be changed at any time (bytes already queued keep theirs). */
  delayMs: number;
  /** Stops carrying bytes (both ways) until resume(). */
  stall(): void;
  resume(): void;
  /** Cuts every open connection; new ones are accepted. */
  drop(): void;
  /** How many connections it carried. */
  connections(): number;
  close(): Promise<void>;
}

/** Starts a link proxy to `127.0.0.1:<upstreamPort>`. */
export async function startLinkProxy(upstreamPort: number, delayMs = 0): Promise<LinkProxy> {
  const open = new Set<Socket>();
  const pumps = new Set<() => void>();
  let stalled = false;
  let count = 0;
  const server: Server = createServer((client) => {
    count++;
    const upstream = connect(upstreamPort, '127.0.0.1');
    for (const s of [client, upstream]) {
      open.add(s);
      s.setNoDelay(true);
      s.on('error', () => undefined);
      s.on('close', () => {
        open.delete(s);
        client.destroy();
        upstream.destroy();
      });
    }
    pipeDelayed(client, upstream);
    pipeDelayed(upstream, client);
  });

  function pipeDelayed(from: Socket, to: Socket): void {
    const queue: { due: number; chunk: Buffer | null }[] = [];
    let timer: NodeJS.Timeout | undefined;
    const pump = () => {
      timer = undefined;
      if (stalled) return;
      const now = Date.now();
      while (queue.length > 0 && queue[0]!.due <= now) {
        const { chunk } = queue.shift()!;
        if (chunk === null) to.end();
        else to.write(chunk);
      }
      if (queue.length > 0) timer = setTimeout(pump, queue[0]!.due - now);
    };
    pumps.add(() => {
      if (!timer) pump();
    });
    const push = (chunk: Buffer | null) => {
      queue.push({ due: Date.now() + proxy.delayMs, chunk });
      if (!timer && !stalled) timer = setTimeout(pump, proxy.delayMs);
    };
    from.on('data', (chunk: Buffer) => push(chunk));
    from.on('end', () => push(null));
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const proxy: LinkProxy = {
    port: (server.address() as { port: number }).port,
    delayMs,
    stall: () => void (stalled = true),
    resume() {
      stalled = false;
      for (const pump of pumps) pump();
    },
    drop() {
      // destroy(), not resetAndDestroy(): with the RST, Node 20.20 sometimes never finished exiting (its exit cleanup
      // spun in uv_run after the tests passed: 3 runs in about 12 of ssh-faults; none in 8 since).
      for (const s of [...open]) s.destroy();
    },
    connections: () => count,
    async close() {
      proxy.drop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return proxy;
}

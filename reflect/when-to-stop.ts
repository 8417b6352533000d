/**
 * Resolves with the reason once SIGTERM or SIGINT comes, or (with `onStdin`) stdin ends; its listeners are removed
 * then. `also` may resolve it for another reason (the transport closing).
 */
export function whenToStop(
  onStdin: boolean,
  also: (resolve: (reason: string) => void) => void = () => undefined,
): Promise<string> {
  return new Promise((resolve) => {
    const signals: [NodeJS.EventEmitter, string][] = [
      [process, 'SIGTERM'],
      [process, 'SIGINT'],
    ];
    const stdin: [NodeJS.EventEmitter, string][] = [
      [process.stdin, 'end'],
      [process.stdin, 'close'],
    ];
    const events = onStdin ? [...stdin, ...signals] : signals;
    const handlers = events.map(([emitter, event]) => {
      const handler = () => done(event === 'end' || event === 'close' ? 'stdin closed' : event);
      emitter.once(event, handler);
      return () => emitter.off(event, handler);
    });
    const done = (reason: string) => {
      for (const off of handlers) off();
      resolve(reason);
    };
    also(done);
  });
}

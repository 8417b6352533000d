/** True when stdout is a terminal and NO_COLOR is not set. */
export function colorEnabled(stream: { isTTY?: boolean } = process.stdout): boolean {
  return Boolean(stream.isTTY) && !('NO_COLOR' in process.env) && process.env.TERM !== 'dumb';
}

const wrap =
  (open: number, close: number) =>
  (text: string, on = colorEnabled()) =>
    on ? `\x1b[${open}m${text}\x1b[${close}m` : text;

/** Bold text, only on a colour terminal. */
export const bold = wrap(1, 22);
/** Dim text, only on a colour terminal. */
export const dim = wrap(2, 22);
/** Green text, only on a colour terminal. */
export const green = wrap(32, 39);
/** Yellow text, only on a colour terminal. */
export const yellow = wrap(33, 39);
/** Red text, only on a colour terminal. */
export const red = wrap(31, 39);

/** Colours an agent state by how much it wants attention. */
export function colorState(state: string): string {
  if (state === 'idle') return green(state);
  if (state === 'waiting' || state === 'rate_limited') return yellow(state);
  if (state === 'crashed' || state === 'unknown') return red(state);
  return state;
}

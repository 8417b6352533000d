/**
 * A count with its noun, singular for one: `1 session`, `2 sessions`.
 * @example counted(1, 'session') // '1 session'
 */
export function counted(n: number, noun: string, plural = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : plural}`;
}

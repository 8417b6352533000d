/** The input key an option's flags map to, as commander names it (`--no-enter` -> `enter`, `--dry-run` -> `dryRun`). */
export function optionKey(flags: string): string {
  const long = /--([a-zA-Z0-9-]+)/.exec(flags)?.[1] ?? /-([a-zA-Z])/.exec(flags)?.[1] ?? flags;
  const name = long.startsWith('no-') ? long.slice(3) : long;
  return name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** True for `--no-x` flags, which default the value to true. */
export function isNegated(flags: string): boolean {
  return /--no-[a-zA-Z]/.test(flags);
}

/** True when the option takes a value (`<v>` or `[v]`); otherwise it is a boolean flag. */
export function takesValue(flags: string): boolean {
  return /[<[]/.test(flags);
}

/** An argument's input key (`target-session` -> `targetSession`). */
export function argKey(name: string): string {
  return name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

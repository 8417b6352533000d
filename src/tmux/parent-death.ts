import { accessSync, constants } from 'node:fs';

let setpriv: string | null | undefined;

/** util-linux's setpriv, where there is one (Linux): it runs a program with a parent-death signal set. */
function findSetpriv(): string | null {
  if (setpriv !== undefined) return setpriv;
  setpriv = null;
  if (process.platform !== 'linux' || process.env.TMUX_ORC_NO_PDEATHSIG === '1') return setpriv;
  for (const path of ['/usr/bin/setpriv', '/bin/setpriv']) {
    try {
      accessSync(path, constants.X_OK);
      setpriv = path;
      break;
    } catch {
      // not here
    }
  }
  return setpriv;
}

/**
 * The program and arguments that run `bin args` so that it is killed when this process dies, however it dies
 * (SIGKILL included): `setpriv --pdeathsig KILL -- bin args` on Linux, which costs one exec (~1 ms); the plain
 * command elsewhere, where a control client still ends when its stdin closes with this process.
 */
export function parentDeathWrapper(bin: string, args: readonly string[]): [string, string[]] {
  const wrapper = findSetpriv();
  return wrapper ? [wrapper, ['--pdeathsig', 'KILL', '--', bin, ...args]] : [bin, [...args]];
}

import { OrcError } from '../errors.js';

/** A parsed target: `session`, `session:window` or `session:window.pane`, or a tmux id (`$1`, `@2`, `%3`). */
export interface Target {
  /** The text as given. */
  raw: string;
  session?: string;
  /** A window index (digits) or name. */
  window?: string;
  /** A pane index (digits) or pane id (`%3`). */
  pane?: string;
  /** A tmux id given directly. */
  id?: string;
}

const HINT = 'targets look like session, session:window or session:window.pane (window by index or name)';

/**
 * Parses a target with one error code, `target.invalid`, for anything malformed.
 * A window name may contain dots; only a trailing `.<digits>` or `.%<id>` is read as the pane.
 * @example parseTarget('team:dev.1') // => { raw, session: 'team', window: 'dev', pane: '1' }
 */
export function parseTarget(raw: string): Target {
  const invalid = (why: string) =>
    new OrcError('target.invalid', `invalid target ${JSON.stringify(raw)}: ${why}`, { hint: HINT });
  if (typeof raw !== 'string' || raw.length === 0) throw invalid('it is empty');
  if (raw.length > 256) throw invalid('it is longer than 256 characters');
  if (/[\x00-\x1f\x7f]/.test(raw)) throw invalid('it contains control characters');
  if (/^[$@%]\d+$/.test(raw)) return { raw, id: raw };
  const colon = raw.indexOf(':');
  const session = colon < 0 ? raw : raw.slice(0, colon);
  if (!session) throw invalid('the session name is empty');
  if (session.includes('.')) throw invalid('session names cannot contain "."');
  if (/^\s|\s$/.test(session)) throw invalid('the session name has leading or trailing spaces');
  if (colon < 0) return { raw, session };
  let rest = raw.slice(colon + 1);
  if (rest.includes(':')) throw invalid('it has more than one ":"');
  if (rest === '') return { raw, session };
  let pane: string | undefined;
  const paneMatch = /\.(\d+|%\d+)$/.exec(rest);
  if (paneMatch) {
    pane = paneMatch[1];
    rest = rest.slice(0, paneMatch.index);
  } else if (/\.[^.]*$/.test(rest) && /\.$/.test(rest)) {
    throw invalid('the pane after "." is empty');
  }
  if (!rest) throw invalid('the window is empty');
  return pane === undefined ? { raw, session, window: rest } : { raw, session, window: rest, pane };
}

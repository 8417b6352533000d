import { OrcError } from '../src/errors.js';
import { checkDestination, HOST_NAME } from '../src/hosts/hosts-file.js';
import { parseTarget } from '../src/manager/parse-target.js';

/** A tmux-orc resource: the whole fleet, or one agent's status or screen. */
export type ResourceRef = { kind: 'fleet' } | { kind: 'status' | 'screen'; target: string };

/** Every agent with its state. */
export const FLEET_URI = 'tmux-orc://fleet';
const AGENT_PREFIX = 'tmux-orc://agent/';
/** The templates of one agent's resources (RFC 6570: `{target}` is percent-encoded, `proj%3Adev`). */
export const STATUS_TEMPLATE = `${AGENT_PREFIX}{target}/status`;
export const SCREEN_TEMPLATE = `${AGENT_PREFIX}{target}/screen`;
const URI_MAX_CHARS = 1024;
// RFC 3986's pchar: unreserved, sub-delims, ":" and "@", or a percent escape. No "/", "?", "#", "{", space, quotes.
const SEGMENT = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@]|%[0-9A-Fa-f]{2})+$/;
const HINT = `resources are ${FLEET_URI}, ${STATUS_TEMPLATE} and ${SCREEN_TEMPLATE} (the target percent-encoded)`;

/**
 * Parses a resource URI strictly: the scheme and host exactly, one path segment for the target, percent-decoded once
 * into valid UTF-8 and parsed as the CLI parses a target; no query, fragment, dot segment or second slash. A decoded
 * target may start with its host (`build/proj:dev`, routed as the tools route it); a host part that no hosts file or
 * ssh could name (empty, a dot segment, an option such as `-oProxyCommand=...`, spaces) is refused here. A target is
 * then resolved by exact name, like every target (never by prefix or pattern). Throws `resource.invalid`, or
 * `target.invalid` for a target the CLI would refuse.
 * @example parseResourceUri('tmux-orc://agent/proj%3Adev/status') // { kind: 'status', target: 'proj:dev' }
 */
export function parseResourceUri(uri: unknown): ResourceRef {
  if (typeof uri !== 'string') throw invalid('the URI is not a string');
  if (uri.length > URI_MAX_CHARS) throw invalid(`the URI is longer than ${URI_MAX_CHARS} characters`);
  if (uri === FLEET_URI) return { kind: 'fleet' };
  if (!uri.startsWith(AGENT_PREFIX)) throw invalid(`no tmux-orc resource is ${shown(uri)}`);
  const parts = uri.slice(AGENT_PREFIX.length).split('/');
  const [segment = '', kind = ''] = parts;
  if (parts.length !== 2 || (kind !== 'status' && kind !== 'screen')) {
    throw invalid(`${shown(uri)} is not ${AGENT_PREFIX}<target>/status or /screen`);
  }
  if (!SEGMENT.test(segment)) throw invalid(`the target in ${shown(uri)} is not one percent-encoded path segment`);
  let target: string;
  try {
    target = decodeURIComponent(segment);
  } catch {
    throw invalid(`the target in ${shown(uri)} is not percent-encoded UTF-8`);
  }
  if (target === '.' || target === '..') throw invalid(`the target in ${shown(uri)} is a dot segment`);
  // With a host part, the target after it is parsed: the part before it is a session name only on a host that does
  // not know it (then it is looked up as the tools look it up, and refused there).
  if (target.includes('/')) checkHostPart(uri, target);
  else parseTarget(target);
  return { kind, target };
}

/** The URI of an agent's status or screen. */
export function agentUri(target: string, kind: 'status' | 'screen'): string {
  return `${AGENT_PREFIX}${encodeURIComponent(target)}/${kind}`;
}

/** The URI a reference names (canonical: the target percent-encoded as {@link agentUri} does). */
export function resourceUri(ref: ResourceRef): string {
  return ref.kind === 'fleet' ? FLEET_URI : agentUri(ref.target, ref.kind);
}

/**
 * A target with a `/` may name its host before it (cli/host-routing.ts): every part between slashes is non-empty and
 * no dot segment, and the first is a host name or a destination ssh would take as one (never an option).
 */
function checkHostPart(uri: string, target: string): void {
  const slash = target.indexOf('/');
  const parts = target.split('/');
  if (parts.some((p) => p === '' || p === '.' || p === '..')) {
    throw invalid(`the target in ${shown(uri)} has an empty or dot part around a "/"`);
  }
  const host = target.slice(0, slash);
  if (!HOST_NAME.test(host) && checkDestination(host) !== undefined) {
    throw invalid(`the host in ${shown(uri)} is neither a host name nor an ssh destination`);
  }
  parseTarget(target.slice(slash + 1));
}

function invalid(message: string): OrcError {
  return new OrcError('resource.invalid', message, { hint: HINT });
}

function shown(uri: string): string {
  return JSON.stringify(uri.length > 80 ? `${uri.slice(0, 80)}...` : uri);
}

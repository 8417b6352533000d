/** A control-mode notification (`%name args...`) as a typed event. */
export type ControlNotification =
  | { name: 'sessions-changed' }
  | { name: 'session-changed' | 'session-renamed'; sessionId: string; sessionName: string }
  | { name: 'session-window-changed'; sessionId: string; windowId: string }
  | { name: 'client-session-changed'; client: string; sessionId: string; sessionName: string }
  | { name: 'client-detached'; client: string }
  | { name: 'window-add' | 'window-close' | 'unlinked-window-add' | 'unlinked-window-close'; windowId: string }
  | { name: 'window-renamed' | 'unlinked-window-renamed'; windowId: string; windowName: string }
  | { name: 'window-pane-changed'; windowId: string; paneId: string }
  | { name: 'layout-change'; windowId: string; layout: string }
  | { name: 'pane-mode-changed'; paneId: string }
  | { name: 'output'; paneId: string; data: string }
  | {
      name: 'subscription-changed';
      subscription: string;
      sessionId: string;
      windowId: string;
      paneId: string;
      value: string;
    }
  | { name: 'exit'; reason: string }
  | { name: 'other'; raw: string };

/** Notification names whose arrival may change the sessions/windows/panes snapshot. */
export const TOPOLOGY_NOTIFICATIONS: ReadonlySet<ControlNotification['name']> = new Set([
  'sessions-changed',
  'session-renamed',
  'window-add',
  'window-close',
  'unlinked-window-add',
  'unlinked-window-close',
  'window-renamed',
  'unlinked-window-renamed',
  'layout-change',
  'window-pane-changed',
  'session-window-changed',
]);

/** Decodes tmux's octal escapes (`\134`, `\015`...) used in `%output` data. */
function unescapeOctal(text: string): string {
  return text.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8)));
}

/** Parses one notification line (starting with `%`) into a typed event. */
export function parseNotification(line: string): ControlNotification {
  const space = line.indexOf(' ');
  const name = space < 0 ? line.slice(1) : line.slice(1, space);
  const rest = space < 0 ? '' : line.slice(space + 1);
  const [a = '', b = ''] = splitFirst(rest);
  switch (name) {
    case 'sessions-changed':
      return { name };
    case 'session-changed':
    case 'session-renamed':
      return { name, sessionId: a, sessionName: b };
    case 'session-window-changed':
      return { name, sessionId: a, windowId: b };
    case 'client-session-changed': {
      const [sessionId = '', sessionName = ''] = splitFirst(b);
      return { name, client: a, sessionId, sessionName };
    }
    case 'client-detached':
      return { name, client: a };
    case 'window-add':
    case 'window-close':
    case 'unlinked-window-add':
    case 'unlinked-window-close':
      return { name, windowId: a };
    case 'window-renamed':
    case 'unlinked-window-renamed':
      return { name, windowId: a, windowName: b };
    case 'window-pane-changed':
      return { name, windowId: a, paneId: b };
    case 'layout-change':
      return { name, windowId: a, layout: splitFirst(b)[0] ?? '' };
    case 'pane-mode-changed':
      return { name, paneId: a };
    case 'output':
      return { name, paneId: a, data: unescapeOctal(b) };
    case 'subscription-changed': {
      // `%subscription-changed <name> $s @w <index> %p ... : <value>`: the fields before " : " hold no spaces.
      const cut = rest.indexOf(' : ');
      const [subscription = '', sessionId = '', windowId = '', , paneId = ''] = (
        cut < 0 ? rest : rest.slice(0, cut)
      ).split(' ');
      return { name, subscription, sessionId, windowId, paneId, value: cut < 0 ? '' : rest.slice(cut + 3) };
    }
    case 'exit':
      return { name, reason: rest };
    default:
      return { name: 'other', raw: line };
  }
}

function splitFirst(text: string): [string, string] {
  const i = text.indexOf(' ');
  return i < 0 ? [text, ''] : [text.slice(0, i), text.slice(i + 1)];
}

import { parseNotification, TOPOLOGY_NOTIFICATIONS } from '../../../src/tmux/control-notification.js';

describe('parseNotification', () => {
  test.each([
    ['%sessions-changed', { name: 'sessions-changed' }],
    ['%session-changed $1 my session', { name: 'session-changed', sessionId: '$1', sessionName: 'my session' }],
    ['%session-renamed $2 new name', { name: 'session-renamed', sessionId: '$2', sessionName: 'new name' }],
    ['%session-window-changed $1 @4', { name: 'session-window-changed', sessionId: '$1', windowId: '@4' }],
    [
      '%client-session-changed /dev/pts/3 $5 work',
      { name: 'client-session-changed', client: '/dev/pts/3', sessionId: '$5', sessionName: 'work' },
    ],
    ['%client-detached client-1234', { name: 'client-detached', client: 'client-1234' }],
    ['%window-add @3', { name: 'window-add', windowId: '@3' }],
    ['%window-close @3', { name: 'window-close', windowId: '@3' }],
    ['%unlinked-window-add @9', { name: 'unlinked-window-add', windowId: '@9' }],
    ['%unlinked-window-close @9', { name: 'unlinked-window-close', windowId: '@9' }],
    ['%window-renamed @3 build logs', { name: 'window-renamed', windowId: '@3', windowName: 'build logs' }],
    ['%unlinked-window-renamed @9 other', { name: 'unlinked-window-renamed', windowId: '@9', windowName: 'other' }],
    ['%window-pane-changed @3 %7', { name: 'window-pane-changed', windowId: '@3', paneId: '%7' }],
    [
      '%layout-change @3 b25d,80x24,0,0,2 b25d,80x24,0,0,2 *',
      { name: 'layout-change', windowId: '@3', layout: 'b25d,80x24,0,0,2' },
    ],
    ['%pane-mode-changed %2', { name: 'pane-mode-changed', paneId: '%2' }],
    ['%output %1 hello', { name: 'output', paneId: '%1', data: 'hello' }],
    ['%exit', { name: 'exit', reason: '' }],
    ['%exit server exited', { name: 'exit', reason: 'server exited' }],
  ])('%s', (line, expected) => {
    expect(parseNotification(line)).toEqual(expected);
  });

  test('%output data has its octal escapes decoded', () => {
    expect(parseNotification('%output %12 a\\134b\\015\\012c\\033[0m')).toEqual({
      name: 'output',
      paneId: '%12',
      data: 'a\\b\r\nc\x1b[0m',
    });
  });

  test('%output keeps spaces in its data and leaves non-octal backslashes alone', () => {
    expect(parseNotification('%output %1   two  spaces \\9x')).toEqual({
      name: 'output',
      paneId: '%1',
      data: '  two  spaces \\9x',
    });
  });

  test.each(['%paste-buffer-changed buf0', '%continue %1', '%config-error oops', '%'])(
    'unknown %s becomes other with the raw line',
    (line) => {
      expect(parseNotification(line)).toEqual({ name: 'other', raw: line });
    },
  );

  test('topology notifications include window and session changes but not output', () => {
    expect(TOPOLOGY_NOTIFICATIONS.has('window-add')).toBe(true);
    expect(TOPOLOGY_NOTIFICATIONS.has('sessions-changed')).toBe(true);
    expect(TOPOLOGY_NOTIFICATIONS.has('output')).toBe(false);
  });
});

describe('%subscription-changed', () => {
  test('gives the subscription, the ids and the value, which may hold " : " and spaces itself', () => {
    expect(parseNotification('%subscription-changed tmux-orc-%3 $0 @1 1 %3 : 4 prompt|0|claude|a : b')).toEqual({
      name: 'subscription-changed',
      subscription: 'tmux-orc-%3',
      sessionId: '$0',
      windowId: '@1',
      paneId: '%3',
      value: '4 prompt|0|claude|a : b',
    });
  });
});

import { splitTmuxCommand } from '../../helpers/pane-launch.js';
import { killAllPrivateTmux, privateTmux } from '../../helpers/private-tmux.js';

afterAll(() => killAllPrivateTmux());

// The helper reads back what tmux really started, so it is checked against tmux itself.
test('splits #{pane_start_command} back into the argv tmux started', () => {
  const tmux = privateTmux('orc-split-start');
  const argv = [
    'env',
    '--',
    'sh',
    '-c',
    'sleep 100',
    'x',
    'a b',
    'c"d',
    "e'f",
    'hooks.x=[{"a": "/tmp/q r"}]',
    '$HOME',
    'back\\slash',
    '',
  ];
  tmux.tmux('new-session', '-d', '-s', 'a', '--', ...argv);
  const start = tmux.tmux('display', '-p', '-t', 'a', '#{pane_start_command}').replace(/\n$/, '');
  expect(splitTmuxCommand(start)).toEqual(argv);
});

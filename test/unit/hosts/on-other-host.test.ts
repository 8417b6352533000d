import { onOtherHost } from '../../../src/hosts/resolve-host.js';

// -L/-S name the server of the host they were given for: kept there, dropped on any other host.
test.each([
  [{ socketName: 'work' }, 'local', { socketName: 'work' }],
  [{ socketName: 'work' }, 'build', {}],
  [{ socketPath: '/tmp/s', json: true }, 'build', { json: true }],
  [{ socketName: 'work', host: 'build' }, 'build', { socketName: 'work', host: 'build' }],
  [{ socketName: 'work', host: 'build' }, 'local', { host: 'build' }],
] as const)('%j on %s is %j', (globals, host, expected) => {
  expect(onOtherHost({ ...globals }, host)).toEqual(expected);
});

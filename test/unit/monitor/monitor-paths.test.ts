import { monitorPaths, serverSocketPath, stateDir } from '../../../src/monitor/monitor-paths.js';

const uid = process.getuid?.() ?? 0;

describe('monitor paths', () => {
  it('picks the state dir by override, XDG runtime dir, then ~/.local/state', () => {
    expect(stateDir({ TMUX_ORC_STATE_DIR: '/x/y', XDG_RUNTIME_DIR: '/run/1' })).toBe('/x/y');
    expect(stateDir({ XDG_RUNTIME_DIR: '/run/1' })).toBe('/run/1/tmux-orc');
    expect(stateDir({})).toMatch(/\.local\/state\/tmux-orc$/);
  });

  it('resolves the socket as tmux does', () => {
    expect(serverSocketPath({ socketPath: '/tmp/s' }, {})).toBe('/tmp/s');
    expect(serverSocketPath({ socketName: 'work' }, { TMUX_TMPDIR: '/tt' })).toBe(`/tt/tmux-${uid}/work`);
    expect(serverSocketPath({}, { TMUX: '/tmp/tmux-1/other,123,0' })).toBe('/tmp/tmux-1/other');
    expect(serverSocketPath({}, {})).toBe(`/tmp/tmux-${uid}/default`);
  });

  it('keys the files by server: -L name and the same -S path share them, other servers do not', () => {
    const env = { TMUX_ORC_STATE_DIR: '/state' };
    const byName = monitorPaths({ socketName: 'work' }, env);
    expect(monitorPaths({ socketPath: `/tmp/tmux-${uid}/work` }, env)).toEqual(byName);
    expect(monitorPaths({ socketName: 'play' }, env).pidfile).not.toBe(byName.pidfile);
    expect(byName.pidfile).toMatch(/^\/state\/monitor-work-[0-9a-f]{8}\.pid$/);
    expect(byName.log).toMatch(/\.log$/);
    expect(byName.status).toMatch(/\.status\.json$/);
  });
});

import { spawnAgent } from '../../../src/agents/spawn-agent.js';
import { paneLaunch } from '../../helpers/pane-launch.js';
import { killAllPrivateTmux, privateTmux } from '../../helpers/private-tmux.js';

afterAll(() => killAllPrivateTmux());

// An agent's --env (API keys, the hook environment) is its own. tmux's new-session -e sets the *session's*
// environment, which every later window of the session inherits: the first agent's keys must not reach the next.
describe.each(['control', 'spawn'] as const)("an agent's environment stays its own, over %s", (transport) => {
  test("the second agent of a session gets none of the first one's --env", async () => {
    const tmux = privateTmux('orc-env-own');
    tmux.tmux('new-session', '-d', '-s', 'keeper', 'sleep', '600');
    const manager = tmux.manager({ transport });
    const first = await spawnAgent(manager, {
      session: 'proj',
      name: 'first',
      role: 'developer',
      kind: 'custom',
      command: ['sleep', '600'],
      env: { FIRST_API_KEY: 'sk-first' },
      wait: false,
    });
    const second = await spawnAgent(manager, {
      session: 'proj',
      name: 'second',
      role: 'developer',
      kind: 'custom',
      command: ['sleep', '600'],
      wait: false,
    });
    const third = await spawnAgent(manager, {
      session: 'proj',
      name: 'third',
      role: 'developer',
      kind: 'custom',
      command: ['sleep', '600'],
      env: { THIRD: '3' },
      wait: false,
    });
    // tmux starts env(1) with the pane's environment; it execs the program in the same process, with the same one.
    const envOf = (pane: string) => paneLaunch(tmux, pane).env;
    expect(envOf(first.agent.paneId).FIRST_API_KEY).toBe('sk-first');
    expect(envOf(second.agent.paneId).FIRST_API_KEY).toBeUndefined();
    expect(envOf(third.agent.paneId)).toMatchObject({ THIRD: '3' });
    expect(envOf(third.agent.paneId).FIRST_API_KEY).toBeUndefined();
    // Nor does tmux keep it where a later `new-window` of anyone else would find it.
    expect(tmux.tmux('show-environment', '-t', 'proj')).not.toContain('FIRST_API_KEY');
    await tmux.kill();
  });
});

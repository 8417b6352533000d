import { readPaneStates, type PaneQuery } from '../../../src/agents/read-pane-state.js';
import type { TMUXManager } from '../../../src/manager/tmux-manager.js';
import type { PrivateTmux } from '../../helpers/private-tmux.js';
import { codeOf } from '../../helpers/fake-agent-support.js';
import { testServers } from '../../helpers/test-servers.js';

const servers = testServers('orc-readstates');

/** A window running `cat` in a session (made with the session when it is new), as a pane query. */
function catWindow(tmux: PrivateTmux, session: string, title: string): PaneQuery {
  const exists = tmux.tmux('list-sessions', '-F', '#{session_name}').split('\n').includes(session);
  const made = exists
    ? tmux.tmux('new-window', '-d', '-P', '-F', '#{window_id} #{pane_id}', '-t', `=${session}:`, 'cat')
    : tmux.tmux(
        'new-session',
        '-d',
        '-P',
        '-F',
        '#{window_id} #{pane_id}',
        '-s',
        session,
        '-x',
        '120',
        '-y',
        '30',
        'cat',
      );
  const [windowId, paneId] = made.trim().split(' ') as [string, string];
  tmux.tmux('select-pane', '-t', paneId, '-T', title);
  return { paneId, windowId, session, kind: 'shell', startCommand: 'cat' };
}

/** Records the commands of every batch the manager runs (and still runs them). */
function recordBatches(manager: TMUXManager): string[][][] {
  const seen: string[][][] = [];
  const batch = manager.batch.bind(manager);
  manager.batch = (commands) => {
    seen.push(commands.map((c) => [...c]));
    return batch(commands);
  };
  return seen;
}

describe('readPaneStates', () => {
  test('panes sharing a session get their facts from one list-panes, a lone pane from a display; both read alike', async () => {
    const tmux = servers.server();
    const manager = tmux.manager();
    const team = ['one', 'two', 'three'].map((t) => catWindow(tmux, 'team', t));
    const lone = catWindow(tmux, 'solo', 'alone');
    const batches = recordBatches(manager);

    const together = await readPaneStates(manager, [...team, lone]);
    expect(together.map((s) => s.facts.title)).toEqual(['one', 'two', 'three', 'alone']);
    expect(together.every((s) => s.facts.currentCommand === 'cat' && !s.facts.dead)).toBe(true);
    const verbs = batches[0]!.map((c) => c.slice(0, 2).join(' '));
    expect(verbs.filter((v) => v === 'list-panes -s')).toHaveLength(1);
    expect(verbs.filter((v) => v === 'display-message -p')).toHaveLength(1);
    expect(verbs.filter((v) => v === 'capture-pane -p')).toHaveLength(4);

    // Read alone, each pane gives the same facts through its display.
    for (const [i, q] of team.entries()) {
      const [alone] = await readPaneStates(manager, [q]);
      expect(alone!.facts).toEqual({ ...together[i]!.facts, idleSeconds: alone!.facts.idleSeconds });
    }
  });

  test('a pane moved to another session since its record was read is read again on its own', async () => {
    const tmux = servers.server();
    const manager = tmux.manager();
    const [a, b] = ['a', 'b'].map((t) => catWindow(tmux, 'team', t)) as [PaneQuery, PaneQuery];
    catWindow(tmux, 'elsewhere', 'x');
    tmux.tmux('move-window', '-s', b.windowId!, '-t', '=elsewhere:');
    const states = await readPaneStates(manager, [a, b]);
    expect(states.map((s) => s.facts.title)).toEqual(['a', 'b']);
  });

  test('a pane that is gone is an agent.notFound, whether listed with others or displayed alone', async () => {
    const tmux = servers.server();
    const manager = tmux.manager();
    const [a, b] = ['a', 'b'].map((t) => catWindow(tmux, 'team', t)) as [PaneQuery, PaneQuery];
    tmux.tmux('kill-window', '-t', b.windowId!);
    expect(await codeOf(readPaneStates(manager, [a, b]))).toBe('agent.notFound');
    expect(await codeOf(readPaneStates(manager, [b]))).toBe('agent.notFound');
    // The whole session gone: its listing fails, and so does the read again.
    tmux.tmux('kill-session', '-t', '=team');
    expect(await codeOf(readPaneStates(manager, [a, b]))).toBe('agent.notFound');
  });
});

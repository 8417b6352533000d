import { GROUP_LOADERS, commandWords, loadGroupsFor } from '../../../cli/group-index.js';
import { allGroups } from '../../../cli/groups.js';

// The index lets `tmux-orc <word>` load one group; it must name every group and top-level command, and load the
// group that really holds it.
test('every group and top-level command has a loader, and no loader is left over', () => {
  const words = allGroups().flatMap((g) => (g.name === '' ? g.commands.map((c) => c.name) : [g.name]));
  expect(Object.keys(GROUP_LOADERS).sort()).toEqual([...words].sort());
});

test.each(Object.keys(GROUP_LOADERS))('the loader of "%s" gives the group that holds it', async (word) => {
  const group = await GROUP_LOADERS[word as keyof typeof GROUP_LOADERS]();
  const expected = allGroups().find((g) => (g.name === '' ? g.commands.some((c) => c.name === word) : g.name === word));
  expect(group).toBe(expected);
});

test('help, no word and unknown words load every group', async () => {
  for (const argv of [[], ['help'], ['--version'], ['nosuch', 'x'], ['constructor']]) {
    expect(await loadGroupsFor(argv)).toHaveLength(allGroups().length);
  }
  expect((await loadGroupsFor(['-L', 'sock', 'agent', 'send'])).map((g) => g.name)).toEqual(['agent']);
});

test('commandWords skips options and socket values', () => {
  expect(commandWords(['-L', 'list', '--json', 'agent', 'send', 'x:1'])).toBe('agent send');
  expect(commandWords(['--socket-path', '/tmp/s', 'list'])).toBe('list');
});

import { buildProgram } from '../../cli/build-program.js';
import { defineCommand, type CommandGroup } from '../../cli/command-spec.js';
import { allGroups } from '../../cli/groups.js';
import { reflectProgram } from '../../reflect/reflect-program.js';

// Adding a command is declaring it: reflection picks it up with no other change.
test('a new group and command passed to buildProgram appear as a new tool', async () => {
  const hello = defineCommand({
    name: 'hello',
    description: 'Greet someone.',
    effect: 'read',
    args: [{ name: 'who', description: 'whom to greet' }],
    options: [{ flags: '--loud', description: 'shout' }],
    output: (z) => z.object({ greeting: z.string() }),
    run: async (input) => ({ greeting: `hello ${input.who}` }),
  });
  const extra: CommandGroup = { name: 'extra', description: 'Extra commands.', commands: [hello] };
  const before = await reflectProgram(buildProgram().program);
  const after = await reflectProgram(buildProgram({ groups: [...allGroups(), extra] }).program);

  expect(after.tools.map((t) => t.name)).toEqual([...before.tools.map((t) => t.name), 'extra_hello']);
  const tool = after.tools.find((t) => t.name === 'extra_hello')!;
  expect(tool).toMatchObject({
    title: 'tmux-orc extra hello',
    description: 'Greet someone.',
    inputSchema: {
      type: 'object',
      properties: { who: { type: 'string' }, loud: { type: 'boolean' } },
      required: ['who'],
    },
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  });
  expect(after.targets.get('extra_hello')).toMatchObject({ kind: 'command', command: { path: 'extra hello' } });
});

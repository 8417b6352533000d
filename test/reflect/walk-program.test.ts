import { buildProgram } from '../../cli/build-program.js';
import { setCommandMeta } from '../../cli/command-meta.js';
import { defineCommand } from '../../cli/command-spec.js';
import { walkProgram } from '../../reflect/walk-program.js';

describe('walkProgram', () => {
  const { program } = buildProgram();

  test('lists every declared leaf with its path and group, and no help or version', () => {
    const commands = walkProgram(program);
    const paths = commands.map((c) => c.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'list',
        'status',
        'session list',
        'session new',
        'session kill',
        'window new',
        'window kill',
      ]),
    );
    expect(paths.some((p) => /help/.test(p))).toBe(false);
    expect(commands.find((c) => c.path === 'session new')).toMatchObject({
      group: 'session',
      name: 'new',
      effect: 'change',
      idempotent: false,
    });
    expect(commands.find((c) => c.path === 'list')).toMatchObject({ effect: 'read', idempotent: true });
    expect(commands.find((c) => c.path === 'list')!.group).toBeUndefined();
  });

  test("global options are no command's input", () => {
    const keys = walkProgram(program).flatMap((c) => c.options.map((o) => o.key));
    for (const global of ['json', 'quiet', 'version', 'help', 'socketName', 'socketPath'])
      expect(keys).not.toContain(global);
  });

  test('hidden commands are left out', () => {
    const { program: p } = buildProgram({ groups: [] });
    const secret = p.command('secret', { hidden: true }).description('not for you');
    setCommandMeta(secret, {
      spec: defineCommand({ name: 'secret', description: 's', effect: 'read', run: async () => 1 }),
      path: 'secret',
    });
    expect(walkProgram(p)).toEqual([]);
  });

  test("merges commander's facts with the spec's types", () => {
    const sessionNew = walkProgram(program).find((c) => c.path === 'session new')!;
    expect(sessionNew.usage).toBe('tmux-orc session new [options] <name> [command...]');
    expect(sessionNew.args.map((a) => [a.key, a.label, a.required, a.variadic])).toEqual([
      ['name', '<name>', true, false],
      ['command', '[command...]', false, true],
    ]);
    expect(sessionNew.options.find((o) => o.key === 'width')).toMatchObject({
      type: 'integer',
      min: 10,
      max: 1000,
      default: 200,
      label: '--width <cols>',
    });
  });
});

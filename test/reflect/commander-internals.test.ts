import { Command, Help } from 'commander';
import { isHelpCommand, isHiddenCommand, versionOptionName } from '../../reflect/commander-internals.js';

// Guards the private commander fields reflection reads; a commander upgrade that renames them fails here.
describe('commander internals', () => {
  test('the _hidden field exists and marks hidden commands', () => {
    const program = new Command('p');
    const shown = program.command('shown');
    const hidden = program.command('secret', { hidden: true });
    expect(Object.prototype.hasOwnProperty.call(shown, '_hidden')).toBe(true);
    expect(isHiddenCommand(shown)).toBe(false);
    expect(isHiddenCommand(hidden)).toBe(true);
    // The public help agrees with what we read.
    expect(new Help().visibleCommands(program).map((c) => c.name())).not.toContain('secret');
  });

  test('the _helpCommand field holds the help command, which is not among commands', () => {
    const program = new Command('p');
    program.command('work');
    expect(Object.prototype.hasOwnProperty.call(program, '_helpCommand')).toBe(true);
    const help = new Help().visibleCommands(program).find((c) => c.name() === 'help');
    expect(help).toBeDefined();
    expect(isHelpCommand(program, help!)).toBe(true);
    expect(program.commands.map((c) => c.name())).toEqual(['work']);
    expect(isHelpCommand(program, program.commands[0]!)).toBe(false);
  });

  test('the _versionOptionName field names the version option', () => {
    const program = new Command('p').version('1.2.3', '-V, --version');
    expect(versionOptionName(program)).toBe('version');
    expect(versionOptionName(new Command('q'))).toBeUndefined();
  });
});

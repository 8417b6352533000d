import { buildProgram } from '../../cli/build-program.js';
import { groupAnnotations, TOOL_NAME_PATTERN, toolAnnotations, toolName } from '../../reflect/tool-names.js';
import { walkProgram } from '../../reflect/walk-program.js';

describe('tool names', () => {
  test('group_command, or the bare name for a top-level command', () => {
    expect(toolName('session list')).toBe('session_list');
    expect(toolName('agent send')).toBe('agent_send');
    expect(toolName('list')).toBe('list');
  });

  test('every command of tmux-orc has a valid, unique tool name', () => {
    const names = walkProgram(buildProgram().program).map((c) => toolName(c.path));
    for (const name of names) expect(name).toMatch(TOOL_NAME_PATTERN);
    expect(new Set(names).size).toBe(names.length);
  });

  test('odd characters are replaced and long names cut to 128', () => {
    expect(toolName('my group do:it')).toBe('my_group_do_it');
    expect(toolName('x'.repeat(200))).toHaveLength(128);
  });
});

describe('annotations', () => {
  test('read: read-only, not destructive, idempotent, closed world', () => {
    expect(toolAnnotations({ path: 'list', effect: 'read', idempotent: false })).toEqual({
      readOnlyHint: true,
      destructiveHint: false,
      idempotentHint: true,
      openWorldHint: false,
    });
  });

  test('change: not read-only, not destructive, idempotent as declared', () => {
    expect(toolAnnotations({ path: 'session new', effect: 'change', idempotent: false })).toMatchObject({
      readOnlyHint: false,
      destructiveHint: false,
      idempotentHint: false,
      openWorldHint: false,
    });
    expect(toolAnnotations({ path: 'x y', effect: 'change', idempotent: true }).idempotentHint).toBe(true);
  });

  test('destroy: destructive', () => {
    expect(toolAnnotations({ path: 'session kill', effect: 'destroy', idempotent: false })).toMatchObject({
      readOnlyHint: false,
      destructiveHint: true,
      openWorldHint: false,
    });
  });

  test('a group is as cautious as its most dangerous command', () => {
    const a = groupAnnotations([
      { path: 'session list', effect: 'read', idempotent: true },
      { path: 'session kill', effect: 'destroy', idempotent: false },
    ]);
    expect(a).toEqual({ readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false });
  });
});

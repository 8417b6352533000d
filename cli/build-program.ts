import type { Command } from 'commander';
import { allGroups } from './groups.js';
import { buildProgramFrom, type ProgramDeps, type RunState } from './program-builder.js';

export type { ProgramDeps, RunState } from './program-builder.js';
export { runProgram } from './run-program.js';

/** Builds the commander program with all of tmux-orc's command groups (or `deps.groups`): help, reflection, MCP. */
export function buildProgram(deps: ProgramDeps = {}): { program: Command; state: RunState } {
  return buildProgramFrom(deps.groups ?? allGroups(), deps);
}

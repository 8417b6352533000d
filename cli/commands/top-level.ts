import type { CommandGroup } from '../command-spec.js';
import { listCommand } from './list.js';
import { mcpCommand } from './mcp.js';
import { reflectCommand } from './reflect.js';
import { restoreCommand } from './restore.js';
import { statusCommand } from './status.js';

/** The commands that stand outside any group. */
export const topLevelGroup: CommandGroup = {
  name: '',
  description: '',
  commands: [listCommand, statusCommand, restoreCommand, reflectCommand, mcpCommand],
};

import type { CommandGroup } from '../command-spec.js';
import { attachCommand } from './attach.js';
import { completionCommand } from './completion.js';
import { doctorCommand } from './doctor.js';
import { listCommand } from './list.js';
import { mcpCommand } from './mcp.js';
import { reflectCommand } from './reflect.js';
import { restoreCommand } from './restore.js';
import { statusCommand } from './status.js';

/** The commands that stand outside any group. */
export const topLevelGroup: CommandGroup = {
  name: '',
  description: '',
  commands: [
    listCommand,
    statusCommand,
    restoreCommand,
    attachCommand,
    doctorCommand,
    completionCommand,
    reflectCommand,
    mcpCommand,
  ],
};

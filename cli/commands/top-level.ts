import type { CommandGroup } from '../command-spec.js';
import { listCommand } from './list.js';
import { statusCommand } from './status.js';

/** The commands that stand outside any group. */
export const topLevelGroup: CommandGroup = {
  name: '',
  description: '',
  commands: [listCommand, statusCommand],
};

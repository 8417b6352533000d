import type { CommandGroup } from '../command-spec.js';
import { dashboardCommand } from './dashboard.js';
import { webCommand } from './web.js';

/** The fleet views for people, top-level commands of their own group so that no other command loads them. */
export const viewsGroup: CommandGroup = {
  name: '',
  description: '',
  commands: [dashboardCommand, webCommand],
};

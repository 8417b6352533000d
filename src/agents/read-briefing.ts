import type { TMUXManager } from '../manager/tmux-manager.js';
import { showOption } from '../tmux/tmux-commands.js';
import { decodeTextOption } from './agent-record.js';

/** The briefing an agent was spawned with (its `@tmux-orc-briefing` window option), which the snapshot leaves out. */
export async function readBriefing(manager: TMUXManager, windowId: string): Promise<string | undefined> {
  const lines = await manager.run(showOption('window', windowId, '@tmux-orc-briefing'), windowId);
  const text = lines.join('\n');
  return text ? decodeTextOption(text) : undefined;
}

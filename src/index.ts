// The public API of tmux-orc's core (`import { TMUXManager, spawnAgent } from 'tmux-orc'`): only what callers may use.
// The CLI is the bin (`tmux-orc`); the reflection of a commander program into MCP tools is `tmux-orc/reflect`.

export { TMUXManager, validateSessionName } from './manager/tmux-manager.js';
export type { CaptureOptions, CreatedWindow, ManagerOptions, StartOptions } from './manager/tmux-manager.js';
export type { PaneInfo, SessionInfo, Snapshot, WindowInfo } from './manager/snapshot.js';
export type { SocketOptions } from './tmux/transport.js';

export { OrcError, ERROR_CODES, EXIT_OK, EXIT_FAILURE, EXIT_USAGE } from './errors.js';
export type { ErrorCode, ErrorJson } from './errors.js';
export { packageVersion } from './version.js';

export { AGENT_KINDS, AGENT_STATES } from './agents/agent-state.js';
export type { AgentKind, AgentState, Detection, PaneFacts } from './agents/agent-state.js';
export type { AgentRecord } from './agents/agent-record.js';
export { spawnAgent, validateAgentName } from './agents/spawn-agent.js';
export type { SpawnRequest, SpawnResult } from './agents/spawn-agent.js';
export { killAgent, restartAgent } from './agents/agent-lifecycle.js';
export { findAgent, listAgents } from './agents/find-agent.js';
export type { FoundAgent } from './agents/find-agent.js';
export { agentStatuses } from './agents/agent-status.js';
export type { AgentStatus } from './agents/agent-status.js';
export { deliverMessage } from './agents/deliver-message.js';
export type { DeliveryOptions, DeliveryReport } from './agents/deliver-message.js';
export { readOutput } from './agents/read-output.js';
export type { OutputRead } from './agents/read-output.js';
export { parseWaitCondition, waitForState } from './agents/wait-for-state.js';
export type { WaitCondition, WaitOptions } from './agents/wait-for-state.js';
export { answerPrompt } from './agents/answer-prompt.js';
export { readBriefing } from './agents/read-briefing.js';

export { deployTeam } from './teams/deploy-team.js';
export type { DeployOptions, DeployedAgent } from './teams/deploy-team.js';
export { loadTeamSpec } from './teams/load-team-spec.js';
export type { LoadTeamSpecOptions } from './teams/load-team-spec.js';
export { TEAM_TEMPLATES, resizeTeam } from './teams/team-templates.js';
export type { TeamMember, TeamSpec } from './teams/team-spec.js';
export { broadcast } from './teams/broadcast.js';
export type { BroadcastResult } from './teams/broadcast.js';
export { findPm } from './teams/find-pm.js';

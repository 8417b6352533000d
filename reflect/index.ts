// The public API of the reflection (`import { reflectProgram, createMcpServer, serveStdio } from 'tmux-orc/reflect'`):
// any commander program's commands as typed MCP tools, run in-process. docs/reflect.md shows it on a small CLI.

export { reflectProgram } from './reflect-program.js';
export type {
  LeftOutCommand,
  ReflectOptions,
  ReflectedProgram,
  ToolDefinition,
  ToolTarget,
} from './reflect-program.js';
export { walkProgram } from './walk-program.js';
export type { CommandDescription, ParamDescription } from './walk-program.js';
export { mcpMeta } from './mcp-meta.js';
export type { McpCommandMeta } from './mcp-meta.js';
export type { ActionOutcome } from './run-commander-action.js';
export { createMcpServer } from './mcp-server.js';
export type { McpServerDeps, McpServerHandle } from './mcp-server.js';
export { serveStdio } from './serve-stdio.js';
export type { ServeStdioOptions } from './serve-stdio.js';
export { StdioLineTransport } from './stdio-line-transport.js';
export type { JsonSchema } from './derive-schema.js';
export type { ToolAnnotations } from './tool-names.js';

import type { ToolDefinition } from './reflect-program.js';

/** The sizes of a tools/list answer, in bytes of UTF-8 JSON. */
export interface ToolListSize {
  tools: number;
  /** The whole `{ tools }` result, as the server sends it. */
  bytes: number;
  /**
   * What a model is given of it: each tool's name, description and input schema, as a client such as Claude Code
   * hands them to the model (`[{ name, description, input_schema }]`); titles, annotations and output schemas are
   * for the client only.
   */
  modelBytes: number;
  /** All the output schemas together. */
  outputBytes: number;
}

/**
 * The limits the tool lists must stay within (issue 17): a model pays for the first in every context, and every
 * client parses and compiles the rest on each tools/list. test/reflect/tool-list-size.test.ts fails past them.
 */
export const TOOL_LIST_LIMITS = {
  flatModelBytes: 10_000,
  flatBytes: 30_000,
  groupedBytes: 12_000,
  readOnlyBytes: 15_000,
} as const;

/**
 * Measures a tool list.
 * @example toolListSize((await reflectProgram(program)).tools).modelBytes
 */
export function toolListSize(tools: readonly ToolDefinition[]): ToolListSize {
  const seen = tools.map((t) => ({ name: t.name, description: t.description, input_schema: t.inputSchema }));
  return {
    tools: tools.length,
    bytes: jsonBytes({ tools }),
    modelBytes: jsonBytes(seen),
    outputBytes: tools.reduce((sum, t) => sum + jsonBytes(t.outputSchema), 0),
  };
}

function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value));
}

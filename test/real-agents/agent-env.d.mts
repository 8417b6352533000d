/** Where scripts/install-agents.mjs puts the pinned CLIs. */
export const AGENTS_CACHE: string;
/** The pinned CLIs. */
export const REAL_AGENTS: {
  claude: { package: string; version: string; bin: string };
  codex: { package: string; version: string; bin: string };
  gemini: { package: string; version: string; bin: string };
  opencode: { package: string; version: string; bin: string };
};
/** The CLI's executable in the cache, or undefined when the pinned version is not installed. */
export function agentBin(kind: keyof typeof REAL_AGENTS): string | undefined;
/** Writes a throwaway home for one CLI under `dir` and returns how to start it against the fake LLM at `port`. */
export function prepareAgent(
  kind: keyof typeof REAL_AGENTS,
  where: { dir: string; port: number },
): { command: string[]; cwd: string; env: Record<string, string> };

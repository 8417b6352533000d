/** One request the fake LLM received. */
export interface LoggedRequest {
  seq: number;
  at: number;
  api: 'anthropic' | 'openai' | 'gemini' | 'other';
  method: string;
  path: string;
  model?: string;
  stream?: boolean;
  /** turn: a user message to answer; followup: a tool result came back; side: a title, router or quota call. */
  role?: 'turn' | 'followup' | 'side';
  /** The last user message's text. */
  text?: string;
  /** Every user message of the conversation, oldest first. */
  userTexts?: string[];
  /** What the server did: reply, slow, tool, rate-limit, usage-limit, hang, after-tool, side. */
  plan?: string;
  status?: number;
}

/** A running fake LLM server. */
export interface FakeLlm {
  port: number;
  url: string;
  pid: number | undefined;
  requests(): Promise<LoggedRequest[]>;
  reset(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts test/fake-llm/server.mjs as a child process on a free 127.0.0.1 port; `dump` writes each request to a folder.
 */
export function spawnFakeLlm(options?: { dump?: string }): Promise<FakeLlm>;

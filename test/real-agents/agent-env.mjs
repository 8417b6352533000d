// Throwaway homes for the real agent CLIs: the config files and environment each one needs to start straight
// into its prompt, offline, talking only to the fake LLM on 127.0.0.1 (facts: issue 7, docs/real-agents.md).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PINNED } from '../../scripts/install-agents.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Where scripts/install-agents.mjs puts the pinned CLIs. */
export const AGENTS_CACHE = join(ROOT, '.agents-cache');

/** The pinned CLIs: the versions are scripts/install-agents.mjs's, the one place they are written. */
export const REAL_AGENTS = {
  claude: pinned('@anthropic-ai/claude-code', 'claude'),
  codex: pinned('@openai/codex', 'codex'),
  gemini: pinned('@google/gemini-cli', 'gemini'),
  opencode: pinned('opencode-ai', 'opencode'),
};

function pinned(name, bin) {
  return { package: name, version: PINNED[name], bin };
}

/** The CLI's executable in the cache, or undefined when the pinned version is not there (run agents:install). */
export function agentBin(kind) {
  const { package: name, version, bin } = REAL_AGENTS[kind];
  const path = join(AGENTS_CACHE, 'node_modules', '.bin', bin);
  try {
    const installed = JSON.parse(
      readFileSync(join(AGENTS_CACHE, 'node_modules', name, 'package.json'), 'utf8'),
    ).version;
    return installed === version && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

const CLAUDE_KEY = 'sk-ant-api03-fake-llm-key-for-offline-tests-0123456789abcdefABCDEF';

/**
 * Writes a throwaway home under `dir` for one CLI and returns how to start it: the command, its working
 * directory and the environment to pass with `agent spawn --env`. The CLI reaches only the fake LLM at `port`.
 * @param {'claude'|'codex'|'gemini'|'opencode'} kind
 * @param {{ dir: string, port: number }} where
 * @returns {{ command: string[], cwd: string, env: Record<string, string> }}
 */
export function prepareAgent(kind, { dir, port }) {
  const bin = agentBin(kind);
  if (!bin) throw new Error(`${kind} is not installed: run npm run agents:install`);
  const home = join(dir, 'home');
  const cwd = join(dir, 'project');
  const tmp = join(dir, 'tmp');
  for (const d of [home, cwd, tmp]) mkdirSync(d, { recursive: true });
  // Nothing of the real user's config may be read or written: every XDG folder lives in the throwaway home.
  // TMPDIR too: Codex refuses to put its helper links under the temp dir and warns when its home is in /tmp.
  const env = {
    HOME: home,
    TMPDIR: tmp,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_CACHE_HOME: join(home, '.cache'),
    XDG_DATA_HOME: join(home, '.local', 'share'),
    XDG_STATE_HOME: join(home, '.local', 'state'),
    NO_UPDATE_NOTIFIER: '1',
  };
  if (kind === 'claude') return { command: [bin], cwd, env: { ...env, ...claudeHome(home, cwd, port) } };
  if (kind === 'codex') return { command: [bin], cwd, env: { ...env, ...codexHome(home, cwd, port) } };
  if (kind === 'opencode') return { command: [bin], cwd, env: { ...env, ...opencodeHome(env.XDG_CONFIG_HOME, port) } };
  return { command: [bin], cwd, env: { ...env, ...geminiHome(home, cwd, port) } };
}

function claudeHome(home, cwd, port) {
  writeJson(join(home, '.claude.json'), {
    hasCompletedOnboarding: true,
    theme: 'dark',
    lastOnboardingVersion: REAL_AGENTS.claude.version,
    lastReleaseNotesSeen: REAL_AGENTS.claude.version,
    customApiKeyResponses: { approved: [CLAUDE_KEY.slice(-20)], rejected: [] },
    projects: { [cwd]: { hasTrustDialogAccepted: true, hasCompletedProjectOnboarding: true, allowedTools: [] } },
  });
  return {
    ANTHROPIC_API_KEY: CLAUDE_KEY,
    ANTHROPIC_BASE_URL: `http://127.0.0.1:${port}`,
    DISABLE_TELEMETRY: '1',
    DISABLE_ERROR_REPORTING: '1',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    DISABLE_AUTOUPDATER: '1',
  };
}

function codexHome(home, cwd, port) {
  const codexDir = join(home, '.codex');
  mkdirSync(codexDir, { recursive: true });
  writeFileSync(
    join(codexDir, 'config.toml'),
    [
      'model = "gpt-5-codex"',
      'model_provider = "fake"',
      // "untrusted" makes 0.171 exit with a config error; on-request asks before escalated commands.
      'approval_policy = "on-request"',
      'check_for_update_on_startup = false',
      '',
      '[model_providers.fake]',
      'name = "fake-llm"',
      `base_url = "http://127.0.0.1:${port}/v1"`,
      'env_key = "OPENAI_API_KEY"',
      'wire_api = "responses"',
      'request_max_retries = 0',
      'stream_max_retries = 0',
      '',
      `[projects.${JSON.stringify(cwd)}]`,
      'trust_level = "trusted"',
      '',
      // Without it Codex leaves a `codex app-server` daemon running after it exits.
      '[features]',
      'daemon_auto_start = false',
      '',
    ].join('\n'),
  );
  return { CODEX_HOME: codexDir, OPENAI_API_KEY: 'sk-fake-llm-key-for-offline-tests' };
}

function geminiHome(home, cwd, port) {
  const geminiDir = join(home, '.gemini');
  writeJson(join(geminiDir, 'settings.json'), {
    security: { auth: { selectedType: 'gemini-api-key' } },
    general: { enableAutoUpdate: false, enableAutoUpdateNotification: false },
    privacy: { usageStatisticsEnabled: false },
    ide: { hasSeenNudge: true },
  });
  writeJson(join(geminiDir, 'trustedFolders.json'), { [cwd]: 'TRUST_FOLDER' });
  return {
    GEMINI_API_KEY: 'fake-llm-gemini-key-for-offline-tests',
    GOOGLE_GEMINI_BASE_URL: `http://127.0.0.1:${port}`,
    GEMINI_CLI_NO_RELAUNCH: 'true',
    COLORTERM: 'truecolor',
  };
}

function opencodeHome(configHome, port) {
  const dir = join(configHome, 'opencode');
  writeJson(join(dir, 'opencode.json'), {
    $schema: 'https://opencode.ai/config.json',
    autoupdate: false,
    share: 'disabled',
    model: 'fake/claude-fake',
    small_model: 'fake/claude-fake',
    enabled_providers: ['fake'],
    // An Anthropic provider at the fake LLM (its SDK is built into OpenCode: nothing is installed for it).
    provider: {
      fake: {
        npm: '@ai-sdk/anthropic',
        name: 'fake-llm',
        options: { baseURL: `http://127.0.0.1:${port}/v1`, apiKey: 'sk-ant-fake-llm-key-for-offline-tests' },
        models: { 'claude-fake': { name: 'Claude Fake', tool_call: true, limit: { context: 200000, output: 8192 } } },
      },
    },
    permission: { bash: 'ask' },
  });
  // At every start OpenCode npm-installs @opencode-ai/plugin into each config folder, from the registry, unless
  // the folder's node_modules exists and its package-lock already lists the package: so it does.
  mkdirSync(join(dir, 'node_modules'), { recursive: true });
  const dependencies = { '@opencode-ai/plugin': '*' };
  writeJson(join(dir, 'package.json'), { dependencies });
  writeJson(join(dir, 'package-lock.json'), { lockfileVersion: 3, packages: { '': { dependencies } } });
  return {
    OPENCODE_DISABLE_AUTOUPDATE: '1',
    OPENCODE_DISABLE_MODELS_FETCH: '1',
    OPENCODE_DISABLE_LSP_DOWNLOAD: '1',
    OPENCODE_DISABLE_DEFAULT_PLUGINS: '1',
    OPENCODE_DISABLE_SHARE: '1',
    OPENCODE_DISABLE_CLAUDE_CODE: '1',
    OPENCODE_DISABLE_EXTERNAL_SKILLS: '1',
  };
}

function writeJson(path, value) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's chromium (apt-get install -y chromium; .ci/run installs it), or the one TMUX_ORC_CHROMIUM names. */
export const CHROMIUM = process.env.TMUX_ORC_CHROMIUM ?? '/usr/bin/chromium';

/** A headless chromium with a profile and a HOME of its own, both removed by close(). */
export interface Browser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/**
 * Starts the machine's chromium through playwright-core, which drives it and never downloads a browser: a temporary
 * profile (--user-data-dir) and HOME, and no background networking (the machine has no network but loopback).
 */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(`no chromium at ${CHROMIUM}: apt-get install -y chromium, or set TMUX_ORC_CHROMIUM`);
  const dir = mkdtempSync(join(tmpdir(), 'orc-chromium-'));
  const env = Object.fromEntries(
    Object.entries(process.env).filter((e): e is [string, string] => typeof e[1] === 'string'),
  );
  try {
    const context = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1200, height: 820 },
      env: { ...env, HOME: dir, XDG_CONFIG_HOME: join(dir, 'config'), XDG_CACHE_HOME: join(dir, 'cache') },
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      timeout: 30_000,
    });
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(10_000);
    return {
      context,
      page,
      async close() {
        await context.close().catch(() => undefined);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

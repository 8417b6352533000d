import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OrcError } from '../../../src/errors.js';
import { TEAM_FILE_MAX_BYTES } from '../../../src/input-limits.js';
import { loadTeamSpec } from '../../../src/teams/load-team-spec.js';

let dir = '';
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'orc-files-team-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function failure(source: string, readFiles = true): Promise<OrcError> {
  try {
    await loadTeamSpec(source, { readFiles });
  } catch (error) {
    if (error instanceof OrcError) return error;
    throw error;
  }
  throw new Error(`${source} loaded`);
}

const SECRET = 'hunter2-secret-token';

describe('loadTeamSpec', () => {
  it('loads a built-in template, with or without file access', async () => {
    expect((await loadTeamSpec('backend', { readFiles: false })).from).toBe('template');
    expect((await loadTeamSpec('backend', { readFiles: true })).spec.agents[0]!.role).toBe('pm');
  });

  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf'])(
    'does not take the object property %s for a template',
    async (name) => {
      expect((await failure(name)).code).toBe('team.templateNotFound');
      expect((await failure(name, false)).code).toBe('team.templateNotFound');
    },
  );

  it('reads no file when it may not (MCP), whatever the path looks like', async () => {
    const file = join(dir, 'secret.json');
    writeFileSync(file, `not json ${SECRET}`);
    for (const source of ['/proc/self/environ', file, './team.json', '../x.json', 'a/b']) {
      const error = await failure(source, false);
      expect(error.code).toBe('team.templateNotFound');
      expect(error.message).not.toContain(SECRET);
      expect(error.hint).toBeDefined();
    }
  });

  it("never quotes a file's content in its error", async () => {
    const cases = [
      `${SECRET} is here`,
      `{"agents": ${SECRET}}`,
      `{"agents": [{"name": "x", "role": "dev"}], "${SECRET}": 1`,
      JSON.stringify({ agents: [{ name: 'x', role: 'dev', env: { [SECRET]: 'v', 'BAD KEY': 'v' } }], [SECRET]: 1 }),
    ];
    for (const [i, text] of cases.entries()) {
      const file = join(dir, `bad-${i}.json`);
      writeFileSync(file, text);
      const error = await failure(file);
      expect(error.code).toBe('team.invalidSpec');
      expect(`${error.message} ${error.hint ?? ''}`).not.toContain(SECRET);
      expect(`${error.message} ${error.hint ?? ''}`).not.toContain('hunter2');
    }
  });

  it('does not quote an agent name in a schema error either', async () => {
    const file = join(dir, 'dup.json');
    writeFileSync(
      file,
      JSON.stringify({
        agents: [
          { name: 'hunter2', role: 'pm' },
          { name: 'hunter2', role: 'qa' },
        ],
      }),
    );
    const error = await failure(file);
    expect(error.code).toBe('team.invalidSpec');
    expect(error.message).not.toContain('hunter2');
  });

  it('refuses a file over the limit without reading it all', async () => {
    const file = join(dir, 'big.json');
    writeFileSync(file, Buffer.alloc(TEAM_FILE_MAX_BYTES + 1, 0x20));
    expect((await failure(file)).code).toBe('file.tooLarge');
  });

  it('refuses what is not a regular file: a device, a directory, a FIFO', async () => {
    expect((await failure('/dev/zero')).code).toBe('file.unreadable');
    const sub = join(dir, 'sub.json');
    mkdirSync(sub);
    expect((await failure(sub)).code).toBe('file.unreadable');
    const fifo = join(dir, 'fifo.json');
    execFileSync('mkfifo', [fifo]);
    expect((await failure(fifo)).code).toBe('file.unreadable');
  }, 10_000);

  it('says a missing file is missing', async () => {
    expect((await failure(join(dir, 'none.json'))).code).toBe('team.templateNotFound');
  });
});

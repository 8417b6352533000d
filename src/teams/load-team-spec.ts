import { OrcError } from '../errors.js';
import { TEAM_FILE_MAX_BYTES } from '../input-limits.js';
import { readLimitedFile } from '../read-limited-file.js';
import { locateJsonError } from './locate-json-error.js';
import { TEAM_TEMPLATES } from './team-templates.js';
import { TEAM_FILE_FIELDS, teamSpecSchema, type TeamSpec } from './team-spec.js';

/** Whether a team may come from a file: false over MCP, where a model must not make the server read paths. */
export interface LoadTeamSpecOptions {
  readFiles: boolean;
}

/**
 * A built-in template by name (own names only: `__proto__` is no template), or, when files may be read, a team
 * JSON file of at most 1 MiB checked against the team schema. Errors never quote the file's content.
 */
export async function loadTeamSpec(
  source: string,
  options: LoadTeamSpecOptions,
): Promise<{ spec: TeamSpec; from: 'template' | 'file' }> {
  if (Object.hasOwn(TEAM_TEMPLATES, source)) return { spec: TEAM_TEMPLATES[source]!, from: 'template' };
  const names = Object.keys(TEAM_TEMPLATES).join(', ');
  const shown = JSON.stringify(source.length > 80 ? `${source.slice(0, 80)}…` : source);
  if (!options.readFiles) {
    throw new OrcError('team.templateNotFound', `no built-in template ${shown}`, {
      hint:
        `over MCP the template is a built-in name: ${names}; ` +
        'a team file is deployed from the CLI (tmux-orc team deploy <file.json>)',
    });
  }
  if (!source.endsWith('.json') && !source.includes('/')) {
    throw new OrcError('team.templateNotFound', `no template ${shown}`, {
      hint: `built-in templates: ${names}; or give a .json team file`,
    });
  }
  const text = await readLimitedFile(
    source,
    TEAM_FILE_MAX_BYTES,
    (path, reason) => new OrcError('team.templateNotFound', `cannot read team file ${path}: ${reason}`),
  );
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // JSON.parse's message quotes the text: say where it breaks instead.
    const at = locateJsonError(text);
    const where = at ? ` (line ${at.line}, column ${at.column})` : '';
    throw new OrcError('team.invalidSpec', `${source} is not valid JSON${where}`);
  }
  const { z } = await import('zod');
  const result = teamSpecSchema(z).safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new OrcError('team.invalidSpec', `${source}: ${issuePath(issue.path)}: ${issueText(issue)}`, {
      hint: 'see docs/agents.md for the team file format',
    });
  }
  return { spec: result.data as TeamSpec, from: 'file' };
}

/** Where a schema issue is: indexes and the schema's own field names, any other key (content) as `<key>`. */
function issuePath(path: readonly PropertyKey[]): string {
  const shown = path.map((p) => (typeof p === 'number' || TEAM_FILE_FIELDS.has(String(p)) ? String(p) : '<key>'));
  return shown.join('.') || '(root)';
}

/** What is wrong, without the file's values or unknown keys (zod's own messages quote unknown keys). */
function issueText(issue: { code: string; message: string; keys?: readonly string[] }): string {
  if (issue.code === 'unrecognized_keys') return `${issue.keys?.length ?? 1} unknown field(s)`;
  return issue.message;
}

import { readFile } from 'node:fs/promises';
import { OrcError } from '../errors.js';
import { TEAM_TEMPLATES } from './team-templates.js';
import { teamSpecSchema, type TeamSpec } from './team-spec.js';

/** A built-in template by name, or a team JSON file checked against the team schema. */
export async function loadTeamSpec(source: string): Promise<{ spec: TeamSpec; from: 'template' | 'file' }> {
  const template = TEAM_TEMPLATES[source];
  if (template) return { spec: template, from: 'template' };
  if (!source.endsWith('.json') && !source.includes('/')) {
    throw new OrcError('team.templateNotFound', `no template "${source}"`, { hint: `built-in templates: ${Object.keys(TEAM_TEMPLATES).join(', ')}; or give a .json team file` });
  }
  let text: string;
  try {
    text = await readFile(source, 'utf8');
  } catch (error) {
    throw new OrcError('team.templateNotFound', `cannot read team file ${source}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new OrcError('team.invalidSpec', `${source} is not valid JSON: ${(error as Error).message}`);
  }
  const { z } = await import('zod');
  const result = teamSpecSchema(z).safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new OrcError('team.invalidSpec', `${source}: ${issue.path.join('.') || '(root)'}: ${issue.message}`, { hint: 'see docs/agents.md for the team file format' });
  }
  return { spec: result.data as TeamSpec, from: 'file' };
}

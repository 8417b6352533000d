import type { TeamSpec } from './team-spec.js';

/** The built-in team templates, each with the PM first. */
export const TEAM_TEMPLATES: Readonly<Record<string, TeamSpec>> = {
  frontend: {
    description: 'A PM, two frontend developers and QA.',
    agents: [
      { name: 'pm', role: 'pm' },
      { name: 'frontend-dev', role: 'developer', briefing: 'You own the UI components, state management and styling.' },
      { name: 'ui-dev', role: 'developer', briefing: 'You own accessibility, layout and the design system.' },
      { name: 'qa', role: 'qa' },
    ],
  },
  backend: {
    description: 'A PM, two backend developers, DevOps and QA.',
    agents: [
      { name: 'pm', role: 'pm' },
      { name: 'api-dev', role: 'developer', briefing: 'You own the API: endpoints, validation, error handling.' },
      { name: 'data-dev', role: 'developer', briefing: 'You own the data layer: schema, migrations, queries.' },
      { name: 'devops', role: 'devops' },
      { name: 'qa', role: 'qa' },
    ],
  },
  fullstack: {
    description: 'A PM, frontend and backend developers, QA, DevOps and a code reviewer.',
    agents: [
      { name: 'pm', role: 'pm' },
      { name: 'frontend-dev', role: 'developer', briefing: 'You own the frontend.' },
      {
        name: 'backend-dev',
        role: 'developer',
        briefing: 'You own the backend and the API contract with the frontend.',
      },
      { name: 'qa', role: 'qa' },
      { name: 'devops', role: 'devops' },
      { name: 'reviewer', role: 'reviewer' },
    ],
  },
  testing: {
    description: 'A PM, two QA engineers and a test-automation developer.',
    agents: [
      { name: 'pm', role: 'pm' },
      { name: 'qa', role: 'qa', briefing: 'You do exploratory and regression testing.' },
      { name: 'qa-automation', role: 'qa', briefing: 'You write and maintain automated tests.' },
      { name: 'test-dev', role: 'developer', briefing: 'You fix the bugs QA reports, with a failing test first.' },
    ],
  },
};

/** Fits a template to a team size: the first N members (PM first), or extra developers when N is larger. */
export function resizeTeam(spec: TeamSpec, size: number | undefined): TeamSpec {
  if (size === undefined || size === spec.agents.length) return spec;
  const agents = spec.agents.slice(0, size);
  for (let i = agents.length; i < size; i++)
    agents.push({ name: `dev-${i + 1 - spec.agents.length}`, role: 'developer' });
  return { ...spec, agents };
}

import { FLEET_URI, SCREEN_TEMPLATE, STATUS_TEMPLATE } from './resource-uri.js';

/**
 * What `tmux-orc mcp` serves as resources, as plain data (no SDK): the server lists and reads them
 * (reflect/mcp-resources.ts), and docs/mcp-tools.md is rendered from the same entries.
 */
const JSON_TYPE = 'application/json';

/** The fleet resource, as resources/list gives it. */
export const FLEET_RESOURCE = {
  uri: FLEET_URI, name: 'fleet', title: 'Fleet', mimeType: JSON_TYPE,
  description: 'Every agent with its state, as agent_status gives them.',
};

/** The resource templates, as resources/templates/list gives them. */
export const RESOURCE_TEMPLATES = [
  {
    uriTemplate: STATUS_TEMPLATE, name: 'agent-status', title: 'Agent status', mimeType: JSON_TYPE,
    description: 'One agent\'s state, reason and source, as agent_status gives it; '
      + 'target: session:name, percent-encoded.',
  },
  {
    uriTemplate: SCREEN_TEMPLATE, name: 'agent-screen', title: 'Agent screen', mimeType: 'text/plain',
    description: 'What one agent\'s pane shows now (its visible screen); target: session:name, percent-encoded.',
  },
];

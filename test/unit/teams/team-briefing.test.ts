import { teamBriefing } from '../../../src/teams/team-briefing.js';

describe('teamBriefing', () => {
  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])('takes role %s as free text', (role) => {
    const member = { name: 'x', role };
    const text = teamBriefing('s', member, [member]);
    expect(text).toContain(`Your role is ${role}.`);
    expect(text).not.toMatch(/native code|\[object Object\]/);
  });

  it('gives a known role its duties', () => {
    const member = { name: 'q', role: 'qa' };
    expect(teamBriefing('s', member, [member])).toContain('You are QA');
  });
});

import { agentUri, parseResourceUri } from '../../reflect/resource-uri.js';
import { OrcError } from '../../src/errors.js';

// Every resource URI comes from a model or a client: hostile input, parsed strictly before anything is resolved.
function codeOf(uri: unknown): string {
  try {
    parseResourceUri(uri);
    return 'ok';
  } catch (error) {
    if (!(error instanceof OrcError)) throw error;
    return error.code;
  }
}

describe('resource URIs', () => {
  test.each([
    ['tmux-orc://fleet', { kind: 'fleet' }],
    ['tmux-orc://agent/proj%3Adev/status', { kind: 'status', target: 'proj:dev' }],
    ['tmux-orc://agent/proj:dev/screen', { kind: 'screen', target: 'proj:dev' }],
    ['tmux-orc://agent/a%2Fb%3A1/status', { kind: 'status', target: 'a/b:1' }],
    ['tmux-orc://agent/%25/status', { kind: 'status', target: '%' }],
    ['tmux-orc://agent/proj%3Awin.1/status', { kind: 'status', target: 'proj:win.1' }],
    ['tmux-orc://agent/%253A/status', { kind: 'status', target: '%3A' }],
    ['tmux-orc://agent/%E2%9C%B3/status', { kind: 'status', target: '✳' }],
    ['tmux-orc://agent/build%2Fproj%3Adev/status', { kind: 'status', target: 'build/proj:dev' }],
    [
      'tmux-orc://agent/ci%40build.example%2Fproj%3Adev/screen',
      { kind: 'screen', target: 'ci@build.example/proj:dev' },
    ],
    ['tmux-orc://agent/build%252Fproj%253Adev/status', { kind: 'status', target: 'build%2Fproj%3Adev' }],
  ])('%s parses', (uri, ref) => {
    expect(parseResourceUri(uri)).toEqual(ref);
  });

  test('agentUri encodes what parseResourceUri decodes, for hostile targets too', () => {
    for (const target of [
      'proj:dev',
      'a/b:c',
      '#{pane_id}:x',
      '#(id):x',
      'a;b:c',
      'q"\'`:x',
      'p:a b',
      '✳:🙂',
      '%3A:x',
      '?#:&=',
    ]) {
      for (const kind of ['status', 'screen'] as const)
        expect(parseResourceUri(agentUri(target, kind))).toEqual({ kind, target });
    }
  });

  test.each([
    ['not a string', 42, 'resource.invalid'],
    ['another scheme', 'file:///etc/passwd', 'resource.invalid'],
    ['the scheme in capitals', 'TMUX-ORC://fleet', 'resource.invalid'],
    ['a query', 'tmux-orc://fleet?x=1', 'resource.invalid'],
    ['a fragment', 'tmux-orc://agent/proj%3Adev/status#top', 'resource.invalid'],
    ['another view', 'tmux-orc://agent/proj%3Adev/keys', 'resource.invalid'],
    ['a trailing slash', 'tmux-orc://agent/proj%3Adev/status/', 'resource.invalid'],
    ['no target', 'tmux-orc://agent//status', 'resource.invalid'],
    ['two segments', 'tmux-orc://agent/proj/dev/status', 'resource.invalid'],
    ['a dot-dot segment', 'tmux-orc://agent/../status', 'resource.invalid'],
    ['an encoded dot-dot', 'tmux-orc://agent/%2E%2E/status', 'resource.invalid'],
    ['a dot segment', 'tmux-orc://agent/./status', 'resource.invalid'],
    ['a raw tmux format', 'tmux-orc://agent/#{pane_id}/status', 'resource.invalid'],
    ['a raw shell format', 'tmux-orc://agent/#(id)/status', 'resource.invalid'],
    ['a raw space', 'tmux-orc://agent/a b/status', 'resource.invalid'],
    ['a raw quote', 'tmux-orc://agent/a"b/status', 'resource.invalid'],
    ['a raw newline', 'tmux-orc://agent/a\nb/status', 'resource.invalid'],
    ['a raw ESC and paste marker', 'tmux-orc://agent/a\x1b[201~/status', 'resource.invalid'],
    ['raw non-ASCII', 'tmux-orc://agent/✳/status', 'resource.invalid'],
    ['a lone %', 'tmux-orc://agent/a%/status', 'resource.invalid'],
    ['a bad escape', 'tmux-orc://agent/a%zz/status', 'resource.invalid'],
    ['invalid UTF-8', 'tmux-orc://agent/%FF%FE/status', 'resource.invalid'],
    ['a lone surrogate half', 'tmux-orc://agent/%ED%A0%80/status', 'resource.invalid'],
    ['1 MB', `tmux-orc://agent/${'a'.repeat(1 << 20)}/status`, 'resource.invalid'],
    ['an encoded newline', 'tmux-orc://agent/a%0Ab/status', 'target.invalid'],
    ['an encoded ESC', 'tmux-orc://agent/a%1B%5B201~/status', 'target.invalid'],
    ['an encoded NUL', 'tmux-orc://agent/a%00/status', 'target.invalid'],
    ['two colons', 'tmux-orc://agent/a%3Ab%3Ac/status', 'target.invalid'],
    ['a dot in the session', 'tmux-orc://agent/a.b%3Ac/status', 'target.invalid'],
    ['a dot-dot host', 'tmux-orc://agent/..%2Fproj%3Adev/status', 'resource.invalid'],
    ['a dot host', 'tmux-orc://agent/.%2Fproj%3Adev/status', 'resource.invalid'],
    ['an empty host', 'tmux-orc://agent/%2Fproj%3Adev/status', 'resource.invalid'],
    ['nothing after the host', 'tmux-orc://agent/build%2F/status', 'resource.invalid'],
    ['two slashes after the host', 'tmux-orc://agent/build%2F%2Fproj%3Adev/status', 'resource.invalid'],
    ['a dot-dot after the host', 'tmux-orc://agent/build%2F..%2Fother%2Fproj%3Adev/status', 'resource.invalid'],
    ['an ssh option as the host', 'tmux-orc://agent/-oProxyCommand%3Did%2Fproj%3Adev/status', 'resource.invalid'],
    [
      'an ssh option with a space',
      'tmux-orc://agent/-oProxyCommand%3Dsh%20-c%20id%2Fproj%3Adev/status',
      'resource.invalid',
    ],
    ['a host with a space', 'tmux-orc://agent/a%20b%2Fproj%3Adev/status', 'resource.invalid'],
    ['a host with a control character', 'tmux-orc://agent/a%1Bb%2Fproj%3Adev/status', 'resource.invalid'],
    ['1 MB host', `tmux-orc://agent/${'a'.repeat(1 << 20)}%2Fproj%3Adev/status`, 'resource.invalid'],
    ['an invalid target after the host', 'tmux-orc://agent/build%2Fa.b%3Ac/status', 'target.invalid'],
  ])('%s is refused', (_what, uri, code) => {
    expect(codeOf(uri)).toBe(code);
  });
});

import { escapeHtml, loadWebAssets, renderIndex } from '../../../web/web-assets.js';

test('the page is rendered with its token and server label escaped, and loads only its own files', () => {
  const { index, files } = loadWebAssets();
  const page = renderIndex(index, 'tok-en_123', '-L </title><script>alert(1)</script>');
  expect(page).toContain('content="tok-en_123"');
  expect(page).toContain('&#60;/title&#62;&#60;script&#62;alert(1)&#60;/script&#62;');
  expect(page).not.toContain('<script>alert');
  // Every src and href is this server's own path (or the empty data: icon): nothing from another machine.
  const refs = [...page.matchAll(/(?:src|href)="([^"]*)"/g)].map((m) => m[1]!);
  expect(refs.length).toBeGreaterThan(3);
  for (const ref of refs) expect(ref).toMatch(/^(\/[a-z/.]+\?token=tok-en_123|data:,)$/);
  expect([...files.keys()].sort()).toEqual(['/app.css', '/app.js', '/vendor/xterm.css', '/vendor/xterm.js']);
  expect(files.get('/vendor/xterm.js')!.body.toString()).not.toMatch(/sourceMappingURL/);
});

test('the page script never parses agent text as HTML', () => {
  const app = loadWebAssets().files.get('/app.js')!.body.toString();
  expect(app).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function/);
});

test('escapeHtml escapes the five characters', () => {
  expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
    '&#60;a href=&#34;x&#34; title=&#39;y&#39;&#62;&#38;&#60;/a&#62;',
  );
});

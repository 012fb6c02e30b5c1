import { describe, expect, it } from 'vitest';
import { escapeHtml, highlightLines, languageFor, splitHighlightedLines } from '../highlight.js';

describe('languageFor', () => {
  it('maps extensions and well-known names', () => {
    expect(languageFor('server/src/app.ts')).toBe('typescript');
    expect(languageFor('web/index.html')).toBe('xml');
    expect(languageFor('k8s/hub.yml')).toBe('yaml');
    expect(languageFor('README.MD')).toBe('markdown');
    expect(languageFor('docker/Dockerfile')).toBe('bash');
    expect(languageFor('LICENSE')).toBeNull();
    expect(languageFor('a.rs')).toBeNull();
  });
});

describe('highlightLines', () => {
  it('escapes markup in the source, coloured or not', () => {
    const evil = ['const s = "<script>alert(1)</script>";', "<img src=x onerror='x'>"];
    for (const language of ['typescript', 'xml', null] as const) {
      const html = highlightLines(evil, language).join('\n');
      expect(html).not.toMatch(/<script|<img/);
      expect(html).toContain('&lt;');
    }
    expect(escapeHtml(`<a href="x">&'`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&#x27;');
  });

  it('returns one balanced line of HTML per source line, colouring across line breaks', () => {
    const source = ['/* a comment', '   over two lines */', 'const x = 1;'];
    const lines = highlightLines(source, 'typescript');
    expect(lines).toHaveLength(3);
    for (const line of lines) {
      expect(line.match(/<span/g)?.length ?? 0).toBe(line.match(/<\/span>/g)?.length ?? 0);
    }
    // The second line is still inside the comment.
    expect(lines[1]).toMatch(/^<span class="hljs-comment">/);
    expect(lines[2]).toContain('hljs-keyword');
  });
});

describe('splitHighlightedLines', () => {
  it('closes and reopens nested spans at each newline', () => {
    expect(splitHighlightedLines('<span class="a">x<span class="b">y\nz</span>\nw</span>v')).toEqual([
      '<span class="a">x<span class="b">y</span></span>',
      '<span class="a"><span class="b">z</span></span>',
      '<span class="a">w</span>v',
    ]);
  });
});

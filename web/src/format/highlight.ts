import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import css from 'highlight.js/lib/languages/css';
import diff from 'highlight.js/lib/languages/diff';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import markdown from 'highlight.js/lib/languages/markdown';
import python from 'highlight.js/lib/languages/python';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';

/*
 * Syntax colouring for diffs: highlight.js core with the handful of languages a Hive
 * repository is written in (the full build is ~1 MB). Every function here returns HTML
 * that is safe to insert: highlight.js escapes the source text it wraps in spans, and the
 * fallback escapes it here.
 */

const LANGUAGES = { bash, css, diff, javascript, json, markdown, python, typescript, xml, yaml };
for (const [name, language] of Object.entries(LANGUAGES)) hljs.registerLanguage(name, language);

export type HighlightLanguage = keyof typeof LANGUAGES;

const BY_EXTENSION: Record<string, HighlightLanguage> = {
  ts: 'typescript',
  tsx: 'typescript',
  mts: 'typescript',
  cts: 'typescript',
  js: 'javascript',
  jsx: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  json: 'json',
  jsonc: 'json',
  css: 'css',
  html: 'xml',
  htm: 'xml',
  xml: 'xml',
  svg: 'xml',
  md: 'markdown',
  markdown: 'markdown',
  yaml: 'yaml',
  yml: 'yaml',
  sh: 'bash',
  bash: 'bash',
  zsh: 'bash',
  py: 'python',
  diff: 'diff',
  patch: 'diff',
};

const BY_NAME: Record<string, HighlightLanguage> = { Dockerfile: 'bash', Makefile: 'bash', '.bashrc': 'bash', '.profile': 'bash' };

/** The language of a file, from its extension (or well-known name); null: shown uncoloured. */
export function languageFor(path: string): HighlightLanguage | null {
  const name = path.split('/').pop() ?? path;
  if (BY_NAME[name]) return BY_NAME[name];
  const dot = name.lastIndexOf('.');
  if (dot < 0) return null;
  return BY_EXTENSION[name.slice(dot + 1).toLowerCase()] ?? null;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char]!);
}

/**
 * Colours a run of lines as one piece of source (so a comment or string that spans lines
 * is coloured throughout) and returns one HTML string per input line. Spans open at a
 * line break are closed at the end of the line and reopened on the next, so each line
 * can be placed on its own in a table row. Without a language the lines are only escaped.
 */
export function highlightLines(lines: readonly string[], language: HighlightLanguage | null): string[] {
  if (language === null || lines.length === 0) return lines.map(escapeHtml);
  let highlighted: string;
  try {
    highlighted = hljs.highlight(lines.join('\n'), { language, ignoreIllegals: true }).value;
  } catch {
    return lines.map(escapeHtml);
  }
  const split = splitHighlightedLines(highlighted);
  // A highlighter that lost or added a line break would misplace every line after it.
  return split.length === lines.length ? split : lines.map(escapeHtml);
}

const TAG = /<span class="[^"<>]*">|<\/span>/g;

/**
 * Splits highlight.js output (escaped text, `<span class="…">` and `</span>` only) at its
 * newlines, closing the spans still open at the end of each line and reopening them at
 * the start of the next.
 */
export function splitHighlightedLines(highlighted: string): string[] {
  const result: string[] = [];
  const open: string[] = [];
  let current = '';
  let last = 0;
  const addText = (text: string) => {
    const parts = text.split('\n');
    parts.forEach((part, index) => {
      if (index > 0) {
        result.push(current + '</span>'.repeat(open.length));
        current = open.join('');
      }
      current += part;
    });
  };
  for (const match of highlighted.matchAll(TAG)) {
    addText(highlighted.slice(last, match.index));
    const tag = match[0];
    if (tag === '</span>') open.pop();
    else open.push(tag);
    current += tag;
    last = match.index + tag.length;
  }
  addText(highlighted.slice(last));
  result.push(current + '</span>'.repeat(open.length));
  return result;
}

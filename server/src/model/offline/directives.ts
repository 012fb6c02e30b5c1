/**
 * The little language the offline model understands: one directive per line of the task
 * text, keyword case-insensitive, optionally written as a list item ("- ", "* ", "1. ").
 *
 *   write <path>: <content>       append <path>: <content>     read <path>
 *   run: <command>                commit: <message>            propose <path> [in <repo>]: <title>
 *   delegate <agentType>: <title> message <agentId>: <text>
 *   remember: <text>              recall: <query>              fail: <reason>
 *
 * In content, `\n` and `\t` stand for a newline and a tab (a directive is one line).
 * Every other line is the task's title (the first) or description (the rest).
 */
export type Directive =
  | { kind: 'write'; path: string; content: string; line: string }
  | { kind: 'append'; path: string; content: string; line: string }
  | { kind: 'read'; path: string; line: string }
  | { kind: 'run'; command: string; line: string }
  | { kind: 'commit'; message: string; line: string }
  | { kind: 'propose'; path: string; repository?: string; title: string; line: string }
  | { kind: 'delegate'; agentType: string; title: string; line: string }
  | { kind: 'message'; toAgentId: string; content: string; line: string }
  | { kind: 'remember'; content: string; line: string }
  | { kind: 'recall'; query: string; line: string }
  | { kind: 'fail'; reason: string; line: string };

export interface Task {
  title: string;
  description: string;
  directives: Directive[];
}

const LIST_MARKER = /^\s*(?:[-*+]|\d+[.)])\s+/;

type Parser = (match: RegExpMatchArray, line: string) => Directive;
const PARSERS: ReadonlyArray<readonly [RegExp, Parser]> = [
  [/^write\s+([^\s:]+)\s*:\s?(.*)$/i, (m, line) => ({ kind: 'write', path: m[1]!, content: unescape(m[2]!), line })],
  [/^append\s+([^\s:]+)\s*:\s?(.*)$/i, (m, line) => ({ kind: 'append', path: m[1]!, content: unescape(m[2]!), line })],
  [/^read\s+([^\s:]+)\s*$/i, (m, line) => ({ kind: 'read', path: m[1]!, line })],
  [/^run\s*:\s*(.+)$/i, (m, line) => ({ kind: 'run', command: m[1]!.trim(), line })],
  [/^commit\s*:\s*(.+)$/i, (m, line) => ({ kind: 'commit', message: m[1]!.trim(), line })],
  [
    /^propose\s+([^\s:]+)(?:\s+in\s+([^\s:]+))?\s*:\s*(.+)$/i,
    (m, line) => ({ kind: 'propose', path: m[1]!, ...(m[2] && { repository: m[2] }), title: m[3]!.trim(), line }),
  ],
  [/^delegate\s+([^\s:]+)\s*:\s*(.+)$/i, (m, line) => ({ kind: 'delegate', agentType: m[1]!, title: m[2]!.trim(), line })],
  [/^message\s+([^\s:]+)\s*:\s*(.+)$/i, (m, line) => ({ kind: 'message', toAgentId: m[1]!, content: unescape(m[2]!.trim()), line })],
  [/^remember\s*:\s*(.+)$/i, (m, line) => ({ kind: 'remember', content: unescape(m[1]!.trim()), line })],
  [/^recall\s*:\s*(.+)$/i, (m, line) => ({ kind: 'recall', query: m[1]!.trim(), line })],
  [/^fail\s*:\s*(.*)$/i, (m, line) => ({ kind: 'fail', reason: m[1]!.trim() || 'the task asked to fail', line })],
];

export function parseDirective(rawLine: string): Directive | undefined {
  const line = rawLine.replace(LIST_MARKER, '').trim();
  for (const [pattern, parse] of PARSERS) {
    const match = line.match(pattern);
    if (match) return parse(match, line);
  }
  return undefined;
}

export function parseTask(text: string): Task {
  const directives: Directive[] = [];
  const prose: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const directive = parseDirective(line);
    if (directive) directives.push(directive);
    else if (line.trim()) prose.push(line.trim());
  }
  const [first = '', ...rest] = prose;
  // "# Fix the login bug", "Task: Fix the login bug" and "Title: …" all mean the same title.
  const title = first.replace(/^#+\s*/, '').replace(/^(task|title)\s*:\s*/i, '').trim() || 'Untitled task';
  const description = rest.map((l) => l.replace(/^(description)\s*:\s*/i, '')).join('\n');
  return { title, description, directives };
}

function unescape(text: string): string {
  return text.replace(/\\([nt\\])/g, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : '\\'));
}

export function slugify(text: string): string {
  const slug = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48)
    .replace(/-+$/, '');
  return slug || 'task';
}

/**
 * A small glob matcher for search_files' `glob` filter: `*` (within a path segment), `**`
 * (any number of segments), `?`, `[abc]` and `{a,b}`. As in ripgrep, a glob without "/"
 * matches the file name anywhere (`*.ts`), one with "/" matches the whole relative path.
 */
export function globMatcher(glob: string): (relativePath: string) => boolean {
  const pattern = new RegExp(`^${globToRegExpSource(glob)}$`);
  const matchName = !glob.includes('/');
  return (relativePath) => pattern.test(matchName ? relativePath.slice(relativePath.lastIndexOf('/') + 1) : relativePath);
}

function globToRegExpSource(glob: string): string {
  let out = '';
  let braceDepth = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        // "**/" matches zero or more whole directories; a bare "**" matches anything.
        const slash = glob[i + 2] === '/';
        out += slash ? '(?:.*/)?' : '.*';
        i += slash ? 2 : 1;
      } else {
        out += '[^/]*';
      }
    } else if (c === '?') {
      out += '[^/]';
    } else if (c === '[') {
      const end = glob.indexOf(']', i + 1);
      if (end === -1) out += '\\[';
      else {
        const body = glob.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\');
        out += `[${body}]`;
        i = end;
      }
    } else if (c === '{') {
      braceDepth++;
      out += '(?:';
    } else if (c === '}' && braceDepth > 0) {
      braceDepth--;
      out += ')';
    } else if (c === ',' && braceDepth > 0) {
      out += '|';
    } else {
      out += c.replace(/[.+^$()|\\{}]/g, '\\$&');
    }
  }
  return out + ')'.repeat(braceDepth);
}

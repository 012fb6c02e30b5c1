import { posix } from 'node:path';

/**
 * Paths no proposal may change. For Hive's own repository: the code that authenticates
 * people, decides approvals and confines validation (DESIGN §4), so a proposal can never
 * lower the bar it has to pass. Registered repositories add their own patterns.
 */
export const HIVE_PROTECTED_PATHS = [
  'server/src/auth/**',
  'server/src/http/auth-middleware.ts',
  'server/src/http/audit-middleware.ts',
  'server/src/http/route.ts',
  'server/src/self-modify.ts',
  'server/src/store/repos/proposals.ts',
  'server/src/store/repos/self-modify.ts',
  'server/src/routes/auth/**',
  'server/src/routes/tokens/**',
  'server/src/routes/users/**',
  'server/src/services/auth-service.ts',
  'server/src/services/access-service.ts',
  'server/src/services/approval-service.ts',
  'server/src/services/proposal-service.ts',
  'server/src/services/self-modify/**',
  'server/src/routes/self-modify/**',
  'server/src/sandbox/**',
  'server/src/git/**',
  'shared/roles.ts',
  'shared/schemas/auth.ts',
  'shared/schemas/proposals.ts',
  'docker/sandbox.Dockerfile',
] as const;

/** The repository name Hive registers its own checkout under. */
export const SELF_REPOSITORY = 'hive';

/** Glob to RegExp: `**` any depth, `*` within a segment, `?` one character; no slash = any basename. */
function globToRegExp(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      out += '.*';
      i++;
      if (glob[i + 1] === '/') i++;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else out += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(glob.includes('/') ? `^${out}$` : `(^|/)${out}$`);
}

/** `a/./b`, `a//b` and `a/x/../b` all name `a/b`: a glob must not be dodged by spelling. */
export function normalizePath(path: string): string {
  return posix.normalize(path).replace(/^(\.\/)+/, '');
}

export function matchesAny(path: string, globs: readonly string[]): string | undefined {
  const normal = normalizePath(path);
  return globs.find((g) => globToRegExp(g).test(normal));
}

export function protectedPathsFor(repository: { name: string; protectedPaths: readonly string[] }): string[] {
  return [...(repository.name === SELF_REPOSITORY ? HIVE_PROTECTED_PATHS : []), ...repository.protectedPaths];
}

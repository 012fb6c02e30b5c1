/** Commit trailers, e.g. { 'Proposal-Id': id, 'Approved-by': 'alice' }. */
export type Trailers = Record<string, string>;

/**
 * What the self-modify pipeline needs from version control. Paths are host paths; refs are
 * anything `git rev-parse` understands. Errors carry the tool's own output.
 */
export interface GitPort {
  isRepository(dir: string): Promise<boolean>;
  /** The full commit id a ref names, or null when it names none. */
  resolveCommit(repo: string, ref: string): Promise<string | null>;
  /** A new worktree at `ref`: detached, or on `branch` (created or reset to `ref`). */
  addWorktree(repo: string, dir: string, ref: string, branch?: string): Promise<void>;
  removeWorktree(repo: string, dir: string): Promise<void>;
  /** Apply a unified diff to the worktree and its index; ok false with git's message when it doesn't apply. */
  apply(worktree: string, patch: string): Promise<{ ok: boolean; output: string }>;
  commit(worktree: string, subject: string, body: string, trailers: Trailers): Promise<string>;
  /** The worktree where `branch` is checked out, or null. */
  checkedOutAt(repo: string, branch: string): Promise<string | null>;
  /** No staged or unstaged changes to tracked files. */
  isClean(worktree: string): Promise<boolean>;
  /** Merge `branch` into the worktree's branch with a merge commit; aborts and throws on conflict. */
  merge(worktree: string, branch: string, subject: string, trailers: Trailers): Promise<string>;
  /** Revert `commit` (a merge: against its first parent) with a new commit; aborts and throws on conflict. */
  revert(worktree: string, commit: string, isMerge: boolean, subject: string, body: string, trailers: Trailers): Promise<string>;
  /** Every path the worktree's index changes against HEAD, as git itself reads them (old and new names of renames). */
  stagedPaths(worktree: string): Promise<string[]>;
}

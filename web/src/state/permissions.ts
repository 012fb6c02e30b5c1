import type { Role } from '../api/types.js';

/**
 * Mirrors shared/roles.ts `roleAtLeast` without importing it: that module also builds
 * a zod schema, and the dashboard bundle stays free of zod. The Record keeps the two
 * role lists in step at compile time.
 */
const ROLE_RANK: Record<Role, number> = { viewer: 0, operator: 1, approver: 2, admin: 3 };

export function roleAtLeast(role: Role, required: Role): boolean {
  return ROLE_RANK[role] >= ROLE_RANK[required];
}

/** Operators and above may create and change agents and tasks; viewers only read. */
export function canOperate(role: Role): boolean {
  return roleAtLeast(role, 'operator');
}

import { z } from 'zod';

/** Roles in increasing order of power: each role can do everything the ones before it can. */
export const ROLES = ['viewer', 'operator', 'approver', 'admin'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

export function roleAtLeast(role: Role, required: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(required);
}

import { z } from 'zod';
import { Role } from '../roles.js';
import { Id, Pagination, Timestamp } from './common.js';

export const Username = z
  .string()
  .trim()
  .min(2)
  .max(64)
  .regex(/^[a-zA-Z0-9_.-]+$/, 'letters, digits, _ . -');
export const Password = z.string().min(8, 'at least 8 characters').max(256);

export const User = z
  .object({
    id: Id,
    username: z.string(),
    role: Role,
    disabled: z.boolean(),
    createdAt: Timestamp,
  })
  .meta({ id: 'User' });
export type User = z.infer<typeof User>;

export const LoginInput = z
  .object({ username: z.string().trim().min(1).max(64), password: z.string().min(1).max(256) })
  .strict()
  .meta({ id: 'LoginInput' });
export const ChangePasswordInput = z
  .object({ currentPassword: z.string().min(1).max(256), newPassword: Password })
  .strict()
  .meta({ id: 'ChangePasswordInput' });

export const Me = z
  .object({ user: User, via: z.enum(['session', 'token']) })
  .meta({ id: 'Me' });

export const CreateUserInput = z
  .object({ username: Username, password: Password, role: Role.default('viewer') })
  .strict()
  .meta({ id: 'CreateUserInput' });
export const UpdateUserInput = z
  .object({ role: Role.optional(), disabled: z.boolean().optional(), password: Password.optional() })
  .strict()
  .refine((v) => Object.keys(v).length > 0, { message: 'at least one field is required' })
  .meta({ id: 'UpdateUserInput' });

export const ApiToken = z
  .object({
    id: Id,
    name: z.string(),
    prefix: z.string().describe('First characters of the token, to recognise it'),
    role: Role,
    createdAt: Timestamp,
    lastUsedAt: Timestamp.nullable(),
    expiresAt: Timestamp.nullable(),
    revokedAt: Timestamp.nullable(),
  })
  .meta({ id: 'ApiToken' });
export type ApiToken = z.infer<typeof ApiToken>;

export const CreateTokenInput = z
  .object({
    name: z.string().trim().min(1).max(100),
    role: Role.optional().describe('At most your own role; defaults to it'),
    expiresInDays: z.number().int().min(1).max(3650).optional(),
  })
  .strict()
  .meta({ id: 'CreateTokenInput' });

export const CreatedToken = ApiToken.extend({
  token: z.string().describe('The secret; shown this once and never again'),
}).meta({ id: 'CreatedToken' });

export const AuditEntry = z
  .object({
    id: Id,
    actor: z.string(),
    action: z.string(),
    resource: z.string(),
    resourceId: z.string().nullable(),
    details: z.record(z.string(), z.unknown()),
    ip: z.string().nullable(),
    createdAt: Timestamp,
  })
  .meta({ id: 'AuditEntry' });
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditListQuery = Pagination.extend({
  actor: z.string().max(100).optional(),
  resource: z.string().max(100).optional(),
  resourceId: z.string().max(200).optional(),
  order: z.enum(['asc', 'desc']).default('desc'),
});

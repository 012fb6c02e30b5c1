import { z } from 'zod';
import { Id, Json, Timestamp } from './common.js';

export const CONTEXT_KINDS = ['note', 'fact', 'decision', 'code', 'summary', 'conversation'] as const;
export const ContextKind = z.enum(CONTEXT_KINDS);

/** A unit of long-term memory; searched by cosine similarity over its embedding. */
export const ContextEntry = z
  .object({
    id: Id,
    agentId: Id.nullable(),
    sessionId: Id.nullable(),
    parentId: Id.nullable(),
    kind: ContextKind,
    content: z.string(),
    metadata: Json,
    importance: z.number().min(0).max(1),
    createdAt: Timestamp,
  })
  .meta({ id: 'ContextEntry' });
export type ContextEntry = z.infer<typeof ContextEntry>;

export const StoreContextInput = z
  .object({
    content: z.string().trim().min(1).max(50_000),
    kind: ContextKind.default('note'),
    agentId: Id.optional(),
    sessionId: Id.optional(),
    parentId: Id.optional(),
    importance: z.number().min(0).max(1).default(0.5),
    metadata: Json.default({}),
  })
  .strict()
  .meta({ id: 'StoreContextInput' });
export type StoreContextInput = z.infer<typeof StoreContextInput>;

export const SearchContextInput = z
  .object({
    query: z.string().trim().min(1).max(5000),
    limit: z.number().int().min(1).max(100).default(10),
    agentId: Id.optional(),
    sessionId: Id.optional(),
    kind: ContextKind.optional(),
    minImportance: z.number().min(0).max(1).optional(),
  })
  .strict()
  .meta({ id: 'SearchContextInput' });
export type SearchContextInput = z.infer<typeof SearchContextInput>;

export const ContextSearchHit = ContextEntry.extend({
  score: z.number().describe('Cosine similarity, 1 = identical'),
}).meta({ id: 'ContextSearchHit' });
export type ContextSearchHit = z.infer<typeof ContextSearchHit>;

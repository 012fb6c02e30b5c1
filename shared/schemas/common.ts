import { z } from 'zod';

export const Id = z.uuid();
export const Timestamp = z.string().describe('ISO 8601 timestamp');
export const Json = z.record(z.string(), z.unknown());

/** Human-facing names: trimmed, non-empty, bounded. */
export const Name = z.string().trim().min(1).max(120);
export const LongText = z.string().max(100_000);

export const Pagination = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export function page<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int(),
    limit: z.number().int(),
    offset: z.number().int(),
  });
}

export const IdParam = z.object({ id: Id });
export const Ok = z.object({ ok: z.literal(true) });

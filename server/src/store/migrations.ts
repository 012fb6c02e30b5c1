import { fileURLToPath } from 'node:url';

/** drizzle-kit writes the SQL migrations here (repo root /drizzle). */
export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../../drizzle', import.meta.url));

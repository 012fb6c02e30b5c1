/**
 * The last successful answer to each GET that asked for it (`offlineFallback`), so a
 * list can keep showing what it had when the hub cannot be reached — always marked
 * as stale (`staleSince`), never passed off as live data.
 *
 * Entries live in memory and in sessionStorage, so they survive a reload in the same
 * tab (an installed app reopened offline) but not the tab itself. They are dropped
 * when the user signs in or out, so one person never sees another's last view.
 */

interface CachedResponse {
  /** When the hub sent it (ms since the epoch). */
  savedAt: number;
  body: unknown;
}

const STORAGE_PREFIX = 'hive.response:';
/** Bigger answers are kept in memory only; sessionStorage is a few MB per origin. */
const MAX_STORED_CHARS = 256 * 1024;
/** The most URLs remembered; the oldest are forgotten first. */
const MAX_ENTRIES = 40;

const memory = new Map<string, CachedResponse>();
/** Bodies served from the cache, with the time they were saved. */
const staleBodies = new WeakMap<object, Date>();

export function rememberResponse(url: string, body: unknown): void {
  const entry: CachedResponse = { savedAt: Date.now(), body };
  memory.delete(url);
  memory.set(url, entry);
  while (memory.size > MAX_ENTRIES) {
    const oldest = memory.keys().next().value as string;
    memory.delete(oldest);
    removeStored(oldest);
  }
  try {
    const text = JSON.stringify(entry);
    if (text.length <= MAX_STORED_CHARS) sessionStorage.setItem(STORAGE_PREFIX + url, text);
    else sessionStorage.removeItem(STORAGE_PREFIX + url);
  } catch {
    // Storage full or disabled: the copy in memory still covers this page's lifetime.
  }
}

/**
 * The last answer saved for `url`, as a fresh copy marked stale, or undefined. Each call
 * returns a new object, so callers may keep or change it freely.
 */
export function recallResponse<T>(url: string): T | undefined {
  const entry = memory.get(url) ?? readStored(url);
  if (!entry || typeof entry.body !== 'object' || entry.body === null) return undefined;
  const copy = structuredClone(entry.body) as T & object;
  staleBodies.set(copy, new Date(entry.savedAt));
  return copy;
}

/** When the data was fetched, if it came from the cache rather than from the hub just now. */
export function staleSince(body: unknown): Date | null {
  return typeof body === 'object' && body !== null ? (staleBodies.get(body) ?? null) : null;
}

/** Forgets every saved answer (sign-in, sign-out, session lost). */
export function clearResponses(): void {
  memory.clear();
  try {
    for (let index = sessionStorage.length - 1; index >= 0; index -= 1) {
      const key = sessionStorage.key(index);
      if (key?.startsWith(STORAGE_PREFIX)) sessionStorage.removeItem(key);
    }
  } catch {
    // Nothing stored, then.
  }
}

function readStored(url: string): CachedResponse | undefined {
  try {
    const raw = sessionStorage.getItem(STORAGE_PREFIX + url);
    if (!raw) return undefined;
    const value = JSON.parse(raw) as Partial<CachedResponse> | null;
    if (typeof value?.savedAt !== 'number' || !('body' in value)) return undefined;
    const entry: CachedResponse = { savedAt: value.savedAt, body: value.body };
    memory.set(url, entry);
    return entry;
  } catch {
    return undefined;
  }
}

function removeStored(url: string): void {
  try {
    sessionStorage.removeItem(STORAGE_PREFIX + url);
  } catch {
    // See rememberResponse.
  }
}

import type { Core } from '@strapi/strapi';

/** Entries kept at most: a few MB of sanitized JSON, far more than a library's hot set. */
export const MAX_ENTRIES = 5000;
/** As the response cache's: a write that moves no counter (raw SQL, a locale edit) shows within it. */
export const TTL_MS = 30_000;

/**
 * Sanitized entries as recommend serves them, shared by every visitor's answer (issue #22).
 * Each visitor's own request misses the response cache (its history makes its URL its own),
 * but the entries it is answered with come from the same library as everyone's: loading and
 * sanitizing them again was most of a per-visitor request. The caller builds keys that hold
 * everything the entry depends on (type, row id, locale, fields, the caller's permissions and
 * the type's change counter), so a write to the type or a new permission is a new key, never
 * a stale entry. Least recently used entries leave first.
 */
const entryCacheService = (_: { strapi: Core.Strapi }) => {
  const entries = new Map<string, { value: unknown; expires: number }>();
  let hits = 0;
  let misses = 0;

  return {
    /** The values of `keys`: cached ones as they are, the others from `load(missing)` (then kept). */
    async getMany<T>(
      keys: string[],
      load: (missing: string[]) => Promise<Map<string, T>>
    ): Promise<Map<string, T>> {
      const out = new Map<string, T>();
      const missing: string[] = [];
      const now = Date.now();
      for (const key of keys) {
        const hit = entries.get(key);
        if (hit && hit.expires > now) {
          entries.delete(key);
          entries.set(key, hit);
          out.set(key, hit.value as T);
          hits += 1;
        } else missing.push(key);
      }
      if (missing.length === 0) return out;
      misses += missing.length;
      for (const [key, value] of await load(missing)) {
        out.set(key, value);
        entries.delete(key);
        entries.set(key, { value, expires: now + TTL_MS });
        if (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value as string);
      }
      return out;
    },

    stats: () => ({ entries: entries.size, hits, misses }),
    clear: () => entries.clear(),
  };
};

export default entryCacheService;

import crypto from 'crypto';
import type { Core } from '@strapi/strapi';
import { readVersions, type Versions } from '../utils/content-version';
import { etagOf } from '../utils/cacheable';
import { permissionFingerprint, stableJson } from '../utils/fingerprint';

/**
 * Recommend answers reused while nothing they depend on changed.
 *
 * An answer depends on (1) the request, (2) what the caller may read, (3) the
 * content of the journey types and the taxonomy, (4) the site's locales. The key
 * holds (1) as the whole query string, normalized, so every parameter counts,
 * including ones added later; (2) as a fingerprint of the permissions Strapi's auth
 * strategy loaded for THIS request (Users & Permissions and API tokens read them
 * from the database on every request, so a permission change is never served
 * stale and checking costs no query of ours); (3) as every change counter of
 * utils/content-version.ts, read in one query per request (shared by requests
 * that arrive while it runs), so a write on any
 * instance makes every instance's entries unreachable. (4) has no counter: locale
 * edits are rare admin actions, bounded by TTL_MS. The counters read for the key
 * are handed to `compute`, so what it keeps per counter value (the taxonomy, the
 * signal rules, seen entries' tags) is checked against the same read.
 *
 * Not cached: `populate` (it can reach types outside the journey types, whose
 * writes move no counter) and errors (cheap, and they must show current input).
 */
const TTL_MS = 30_000;
const MAX_ENTRIES = 2000;

export interface CachedAnswer<Body = unknown> {
  body: Body;
  /** The body serialized once, sent as is on every reuse. */
  json: string;
  etag: string;
}

const responseCacheService = ({ strapi }: { strapi: Core.Strapi }) => {
  // Map keeps insertion order: re-inserting on a hit makes the first key the least recently used.
  const entries = new Map<string, CachedAnswer & { expires: number }>();
  let hits = 0;
  let misses = 0;
  let computed = 0;
  // Concurrent requests share one read of the counters: a request joins a read that is
  // already on its way (begun at most one round trip, ~1 ms, earlier), the same window
  // as the counters' own after-commit increment; it never reuses a finished read.
  const inFlight = new Map<string, Promise<CachedAnswer>>();
  let reading: Promise<Record<string, number>> | null = null;
  const currentVersions = () =>
    (reading ??= readVersions(strapi).finally(() => {
      reading = null;
    }));

  return {
    /** The answer to `query` for `auth`: from the cache when still current, else `compute()` (and kept). */
    async answer<Body>(
      query: Record<string, unknown>,
      auth: unknown,
      compute: (versions?: Versions) => Promise<Body>
    ): Promise<CachedAnswer<Body>> {
      if (query.populate !== undefined) return this.fresh(() => compute());
      const versions = await currentVersions();
      const key = crypto
        .createHash('sha1')
        .update(`${stableJson(query)}\n${permissionFingerprint(auth)}\n${stableJson(versions)}`)
        .digest('base64url');
      const hit = entries.get(key);
      if (hit && hit.expires > Date.now()) {
        entries.delete(key);
        entries.set(key, hit);
        hits++;
        // A key is only ever computed by the one `compute` its query names: the same body type.
        return hit as CachedAnswer<Body>;
      }
      misses++;
      // Requests that miss together on one key (after a write, under load) share one computation.
      let computing = inFlight.get(key);
      if (!computing) {
        computed++;
        computing = this.fresh(() => compute(versions)).finally(() => inFlight.delete(key));
        inFlight.set(key, computing);
      }
      const answer = (await computing) as CachedAnswer<Body>;
      entries.delete(key);
      if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value as string);
      entries.set(key, { ...answer, expires: Date.now() + TTL_MS });
      return answer;
    },

    async fresh<Body>(compute: () => Promise<Body>): Promise<CachedAnswer<Body>> {
      const body = await compute();
      const json = JSON.stringify(body);
      return { body, json, etag: etagOf(body, json) };
    },

    stats() {
      return { entries: entries.size, hits, misses, computed };
    },

    clear() {
      entries.clear();
    },
  };
};

export default responseCacheService;

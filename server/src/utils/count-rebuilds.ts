import type { Core } from '@strapi/strapi';
import { countLease, LEASE_MS } from '../queries/count-lease';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const WAIT_STEP_MS = 250; // how often a first read polls for the base another instance builds
// After finding another instance's lease live, reads here do not try to claim it again for
// this long: a failed claim is a refused INSERT, which PostgreSQL logs as an error.
const RECLAIM_MS = 2_000;

/**
 * Rebuilds of coverage counts (services/coverage-counts.ts) under a lease, so that at
 * 1M entries one instance recounts a type (seconds of grouped SQL) while every other
 * request, on any instance, is answered from the last counts. One rebuild per type at a
 * time per instance (`running`), one across instances (the lease, queries/count-lease.ts).
 */
const countRebuilds = (strapi: Core.Strapi) => {
  const lease = countLease(strapi);
  const running = new Map<string, Promise<boolean>>();
  const heldElsewhere = new Map<string, number>(); // uid → when to try claiming again

  /** Runs `work` if this instance gets `uid`'s lease: true when it ran, false when another instance holds it. */
  const leased = (uid: string, work: () => Promise<unknown>): Promise<boolean> => {
    const current = running.get(uid);
    if (current) return current;
    const run = (async () => {
      if (!(await lease.claim(uid))) {
        heldElsewhere.set(uid, Date.now() + RECLAIM_MS);
        return false;
      }
      heldElsewhere.delete(uid);
      // Renewed while the recount runs, so a long one is not taken over by a live instance.
      const heartbeat = setInterval(() => {
        lease
          .renew(uid)
          .catch((e: Error) =>
            strapi.log.warn(`[journey] coverage recount lease not renewed: ${e.message}`)
          );
      }, LEASE_MS / 3);
      heartbeat.unref();
      try {
        await work();
        return true;
      } finally {
        clearInterval(heartbeat);
        // If this fails, the lease lapses by itself after LEASE_MS.
        await lease.release(uid).catch(() => undefined);
      }
    })().finally(() => running.delete(uid));
    running.set(uid, run);
    return run;
  };

  return {
    leased,

    /**
     * Starts `work` in the background (the caller does not wait) unless a rebuild of `uid`
     * already runs here, or another instance held its lease a moment ago. A failure is
     * logged; the lease is released, and the next read that still finds the type stale
     * schedules it again.
     */
    schedule(uid: string, work: () => Promise<unknown>) {
      if (running.has(uid) || (heldElsewhere.get(uid) ?? 0) > Date.now()) return;
      const started = Date.now();
      leased(uid, work).then(
        (ran) =>
          ran &&
          strapi.log.debug(`[journey] recounted coverage of ${uid} in ${Date.now() - started} ms`),
        (e: Error) =>
          strapi.log.warn(
            `[journey] recounting coverage of ${uid} failed (${e.message}); retried on a later read`
          )
      );
    },

    /**
     * For a type with no base yet: builds it under the lease, or waits while another
     * instance builds it (`hasBase`), for at most about one lease period; after that it
     * builds it regardless (a rebuild beside another is safe, only wasted work).
     */
    async first(uid: string, work: () => Promise<unknown>, hasBase: () => Promise<boolean>) {
      const deadline = Date.now() + LEASE_MS;
      while (Date.now() < deadline) {
        if (await leased(uid, work)) return;
        if (await hasBase()) return;
        await sleep(WAIT_STEP_MS);
        if (await hasBase()) return;
      }
      await work();
    },

    /** Waits (at most `ms`) for the rebuilds running here: a shutdown lets them finish or lapse. */
    async settle(ms: number) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.allSettled([...running.values()]),
        new Promise((resolve) => {
          timer = setTimeout(resolve, ms);
        }),
      ]);
      clearTimeout(timer);
    },
  };
};

const perInstance = new WeakMap<Core.Strapi, ReturnType<typeof countRebuilds>>();

/** This Strapi instance's rebuilds (the coverage counts service's, and the plugin's destroy). */
export const countRebuildsOf = (strapi: Core.Strapi) => {
  let rebuilds = perInstance.get(strapi);
  if (!rebuilds) perInstance.set(strapi, (rebuilds = countRebuilds(strapi)));
  return rebuilds;
};

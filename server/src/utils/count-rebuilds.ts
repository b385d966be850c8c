import type { Core } from '@strapi/strapi';
import { countLease, LEASE_MS } from '../queries/count-lease';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const WAIT_STEP_MS = 250; // how often a first read polls for the base another instance builds

/**
 * Rebuilds of coverage counts (services/coverage-counts.ts) under a lease, so that at
 * 1M entries one instance recounts a type (seconds of grouped SQL) while every other
 * request, on any instance, is answered from the last counts. One rebuild per type at a
 * time per instance (`running`), one across instances (the lease, queries/count-lease.ts).
 */
const countRebuilds = (strapi: Core.Strapi) => {
  const lease = countLease(strapi);
  const running = new Map<string, Promise<boolean>>();

  /** Runs `work` if this instance gets `uid`'s lease: true when it ran, false when another instance holds it. */
  const leased = (uid: string, work: () => Promise<unknown>): Promise<boolean> => {
    const current = running.get(uid);
    if (current) return current;
    const run = (async () => {
      if (!(await lease.claim(uid))) return false;
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
    holder: lease.holder,
    leased,

    /** Whether this instance is rebuilding `uid` now. */
    running: (uid: string) => running.has(uid),

    /**
     * Starts `work` in the background (the caller does not wait) unless a rebuild of `uid`
     * already runs here. A failure is logged; the lease is released, and the next read
     * that still finds the type stale schedules it again.
     */
    schedule(uid: string, work: () => Promise<unknown>) {
      if (running.has(uid)) return;
      leased(uid, work).catch((e: Error) =>
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

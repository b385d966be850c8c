/**
 * Picks the visitor's arm in the browser, so every recommend URL stays cacheable
 * and the server never sees a visitor id:
 *
 *   const picker = createArmPicker({ consent: () => cookieBanner.accepted('analytics') });
 *   const pick = await picker.armFor(await journey.experiments(), { audience: 'b2b', locale: 'en' });
 *   const res = await journey.recommend({ stage, audience: 'b2b', locale: 'en', arm: pick?.arm });
 *
 * The bucket is kept in storage only after consent, so a consenting visitor sees the
 * same arm on every page; without consent each page view draws its own bucket and
 * writes nothing.
 */
import {
  armFor,
  coversScope,
  randomBucket,
  BUCKETS,
  type PublishedExperiment,
} from './experiments';
import { defaultStorage, type VisitorStorage } from './tracker';

export interface ArmPickerOptions {
  /** Asked before the bucket is read from or written to storage. */
  consent: () => boolean | Promise<boolean>;
  /** Default: `globalThis.localStorage`; without one, an in-memory store. */
  storage?: VisitorStorage;
  /** Storage key; default `journey:bucket`. */
  key?: string;
  /** For tests: a random number in [0, 1); default Math.random. */
  random?: () => number;
}

export interface ArmPicker {
  /** The visitor's bucket (0..9999): the stored one with consent, else this page view's. */
  bucket(): Promise<number>;
  /** The experiment covering this scope and the visitor's arm in it; null when none runs. */
  armFor(
    published: PublishedExperiment[],
    scope: { audience?: string; locale?: string }
  ): Promise<{ experiment: string; arm: string } | null>;
  /** Erases the stored bucket (and this page's), e.g. when consent is withdrawn. */
  forget(): void;
}

const parseBucket = (text: string | null): number | null => {
  if (text === null || !/^\d{1,4}$/.test(text)) return null;
  const n = Number(text);
  return n < BUCKETS ? n : null;
};

export const createArmPicker = (options: ArmPickerOptions): ArmPicker => {
  if (typeof options?.consent !== 'function')
    throw new TypeError('createArmPicker: consent (a function) is required');
  const storage = options.storage ?? defaultStorage();
  const key = options.key ?? 'journey:bucket';
  // This page view's bucket: drawn once, so every recommend on the page uses one arm.
  let pageBucket: number | null = null;

  const bucket = async (): Promise<number> => {
    if (!(await options.consent())) return (pageBucket ??= randomBucket(options.random));
    let stored: number | null = null;
    try {
      stored = parseBucket(storage.getItem(key));
    } catch {
      // storage refused (private mode, quota): fall back to the page's bucket
    }
    if (stored !== null) return stored;
    // Consent given during this page view: keep its bucket, so its arm does not change.
    const fresh = (pageBucket ??= randomBucket(options.random));
    try {
      storage.setItem(key, String(fresh));
    } catch {
      // not kept: the next page draws again, as without consent
    }
    return fresh;
  };

  return {
    bucket,
    async armFor(published, scope) {
      const now = Date.now();
      // A cached copy of the list may outlive an experiment: its stopAt says so.
      const experiment = published.find(
        (e) => coversScope(e, scope) && !(e.stopAt && Date.parse(e.stopAt) <= now)
      );
      if (!experiment || experiment.arms.length === 0) return null;
      return { experiment: experiment.id, arm: armFor(experiment, await bucket()) };
    },
    forget() {
      pageBucket = null;
      try {
        storage.removeItem(key);
      } catch {
        // nothing stored
      }
    },
  };
};

/**
 * The visitor's reading history, kept in the visitor's own browser (never on the
 * server): what they read, with the entry's published stages and audience as
 * recommend answers carry them. Recorded only after the consent callback allows
 * it; bounded; `forget()` erases it.
 */
import type { Audience } from './audience';
import { SIGNALS, type SignalValues } from './signals';
import type { SeenEntry } from './visitor';

/** Where the history lives: `localStorage` by default, anything with the same three methods otherwise. */
export interface VisitorStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface TrackerOptions {
  /** Asked before anything is written; nothing is recorded while it says no. */
  consent: () => boolean | Promise<boolean>;
  /** Default: `globalThis.localStorage`; without one (Node, private mode), an in-memory store. */
  storage?: VisitorStorage;
  /** Storage key; default `journey:seen`. */
  key?: string;
  /** At most this many entries (the oldest are dropped); default 50, what the server reads. */
  max?: number;
}

/** Anything recommend or Strapi's REST API returned for an entry: its documentId and journey tags. */
export type Readable =
  | SeenEntry
  | { documentId: string; journey: { stages: string[]; audience: Audience } };

export interface VisitorTracker {
  /** Records a read (moves a re-read to the end). Resolves false when consent was refused. */
  record(entry: Readable): Promise<boolean>;
  /** The history, oldest first. */
  history(): SeenEntry[];
  /** Erases the history from storage. */
  forget(): void;
}

export const memoryStorage = (): VisitorStorage => {
  const map = new Map<string, string>();
  return {
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, v),
    removeItem: (k) => void map.delete(k),
  };
};

/** `globalThis.localStorage` when the page may use it, else an in-memory store (shared with experiment-client.ts). */
export const defaultStorage = (): VisitorStorage => {
  try {
    const ls = (globalThis as any).localStorage as VisitorStorage | undefined;
    if (ls) return ls;
  } catch {
    // access denied (sandboxed frame, disabled storage)
  }
  return memoryStorage();
};

const isSeen = (v: any): v is SeenEntry =>
  v &&
  typeof v.documentId === 'string' &&
  Array.isArray(v.stages) &&
  v.stages.every((s: unknown) => typeof s === 'string') &&
  typeof v.audience === 'string';

export const createVisitorTracker = (options: TrackerOptions): VisitorTracker => {
  if (typeof options?.consent !== 'function')
    throw new TypeError('createVisitorTracker: consent (a function) is required');
  const storage = options.storage ?? defaultStorage();
  const key = options.key ?? 'journey:seen';
  const max = Math.max(1, Math.min(options.max ?? 50, 50));

  const history = (): SeenEntry[] => {
    try {
      const parsed = JSON.parse(storage.getItem(key) ?? '[]');
      return Array.isArray(parsed) ? parsed.filter(isSeen).slice(-max) : [];
    } catch {
      return [];
    }
  };

  return {
    history,
    async record(entry) {
      if (!(await options.consent())) return false;
      const seen: SeenEntry =
        'journey' in entry
          ? {
              documentId: entry.documentId,
              stages: [...entry.journey.stages],
              audience: entry.journey.audience,
            }
          : { documentId: entry.documentId, stages: [...entry.stages], audience: entry.audience };
      const next = [...history().filter((e) => e.documentId !== seen.documentId), seen].slice(-max);
      storage.setItem(key, JSON.stringify(next));
      return true;
    },
    forget: () => storage.removeItem(key),
  };
};

/** UTM parameters, referrer and landing path of the current page (nothing in Node). */
export const pageSignals = (
  page: { href?: string; referrer?: string } = {
    href: (globalThis as any).location?.href,
    referrer: (globalThis as any).document?.referrer,
  }
): SignalValues => {
  const out: SignalValues = {};
  if (page.href) {
    const url = new URL(page.href);
    for (const name of SIGNALS) {
      if (!name.startsWith('utm_')) continue;
      const v = url.searchParams.get(name);
      if (v) out[name] = v;
    }
    out.landing = url.pathname;
  }
  if (page.referrer) out.referrer = page.referrer;
  return out;
};

import type { Core } from '@strapi/strapi';
import { randomUUID } from 'crypto';
import { hostname } from 'os';
import { LEASE_TABLE } from '../migrations/count-lease-table';
import { isUniqueViolation, withRetries } from '../utils/transactions';

/**
 * How long a claim to rebuild a type's coverage counts lasts without being renewed. The
 * holder renews it while it rebuilds (every third of this), so only a crashed or frozen
 * instance lets it lapse; another instance then takes it over. Each instance compares
 * with its own clock: a skew of a few seconds between instances only shifts a takeover.
 */
export const LEASE_MS = 60_000;

/**
 * The lease rows (`journey_count_leases`, one per type being rebuilt). Every statement is
 * a single atomic one outside any transaction, so two claimers never both win: an UPDATE
 * takes a lapsed row (the database re-checks `expires_at` on the row it locked), an
 * INSERT takes a missing one (the primary key refuses the second).
 */
export const countLease = (
  strapi: Core.Strapi,
  holder = `${hostname()}#${process.pid}#${randomUUID().slice(0, 8)}`
) => {
  const rows = () => strapi.db.getConnection(LEASE_TABLE);
  return {
    holder,

    /** Whether this holder now has `uid`'s lease (false: another holder's lease is live). */
    claim(uid: string): Promise<boolean> {
      return withRetries(async () => {
        const now = Date.now();
        const lapsed = Number(
          await rows()
            .where({ uid })
            .where('expires_at', '<', now)
            .update({ holder, expires_at: now + LEASE_MS })
        );
        if (lapsed > 0) return true;
        try {
          await rows().insert({ uid, holder, expires_at: now + LEASE_MS });
          return true;
        } catch (error) {
          if (isUniqueViolation(error)) return false;
          throw error;
        }
      });
    },

    /** Pushes the expiry of this holder's lease on; false when it is no longer this holder's. */
    async renew(uid: string): Promise<boolean> {
      const n = await rows()
        .where({ uid, holder })
        .update({ expires_at: Date.now() + LEASE_MS });
      return Number(n) > 0;
    },

    /** Gives the lease up (only this holder's). */
    async release(uid: string) {
      await rows().where({ uid, holder }).del();
    },
  };
};

export type CountLease = ReturnType<typeof countLease>;

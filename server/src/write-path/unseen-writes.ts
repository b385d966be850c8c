import type { Core } from '@strapi/strapi';
import { getService } from '../utils/get-service';
import { journeyTypeUids } from '../utils/journey-types';
import { isCounted } from './count-deltas';

/**
 * Lifecycle subscriber: a write to a journey type that count-deltas.ts did not count
 * (another plugin's `db.query`, code below the Document Service) makes the next read of
 * that type's coverage counts rebuild them. The mark is inserted in the write's own
 * transaction, so a rolled-back write leaves none.
 */
export const unseenWrites = (strapi: Core.Strapi) => {
  const journey = new Set(journeyTypeUids(strapi));
  const unseen = async (event: any) => {
    const uid = event.model?.uid;
    if (!journey.has(uid) || isCounted(uid)) return;
    const trx = strapi.db.inTransaction()
      ? await strapi.db.transaction(({ trx: t }: any) => t)
      : undefined;
    await getService('coverage-counts', strapi).invalidate(uid, trx);
  };
  return {
    models: [...journey],
    afterCreate: unseen,
    afterCreateMany: unseen,
    afterUpdate: unseen,
    afterUpdateMany: unseen,
    afterDelete: unseen,
    afterDeleteMany: unseen,
  };
};

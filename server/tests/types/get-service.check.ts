/**
 * Type-level checks of getService, run by `npm run typecheck` (not jest): an unknown service
 * name, or a method a service does not have, must not compile.
 */
import type { Core } from '@strapi/strapi';
import { getService, type JourneyService } from '../../src/utils/get-service';

export const checks = (strapi: Core.Strapi) => {
  const taxonomy: JourneyService<'taxonomy'> = getService('taxonomy', strapi);
  const stageRows: () => Promise<Map<string, { documentId: string }>> = taxonomy.stageRows;
  getService('tags', strapi).set satisfies (...args: any[]) => Promise<unknown>;
  // @ts-expect-error not a journey service
  getService('nope', strapi);
  // @ts-expect-error the coverage service has no such method
  getService('coverage', strapi).noSuchMethod();
  return stageRows;
};

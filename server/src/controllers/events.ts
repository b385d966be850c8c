import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { respondWithError } from '../utils/errors';
import { pluginConfig } from '../utils/plugin-config';
import { MAX_BODY_BYTES } from '../services/events';
import { getService } from '../utils/get-service';

/** `POST /api/journey/events` (content API; its own Users & Permissions action, off until granted). */
const eventsController = ({ strapi }: { strapi: Core.Strapi }) => ({
  async create(ctx: any) {
    if (!pluginConfig(strapi).demand.events) {
      throw new errors.NotFoundError(
        'events are turned off in the journey plugin config (demand.events: false)',
        { param: 'demand.events' }
      );
    }
    // Bounded before any work: the declared length, and what was parsed (a chunked body has no length).
    const length = Number(ctx.request.length ?? 0);
    if (
      length > MAX_BODY_BYTES ||
      JSON.stringify(ctx.request.body ?? null).length > MAX_BODY_BYTES
    ) {
      throw new errors.PayloadTooLargeError(
        `the body is larger than ${MAX_BODY_BYTES} bytes: send at most 50 events per request`,
        { param: 'events', maxBytes: MAX_BODY_BYTES }
      );
    }
    // Beacons send the JSON as text/plain (a CORS-safelisted type: no preflight).
    let body = ctx.request.body;
    if (typeof body === 'string') {
      try {
        body = JSON.parse(body);
      } catch {
        throw new errors.ValidationError('the body is not JSON: send { "events": [ … ] }', {
          param: 'events',
        });
      }
    }
    try {
      const result = await getService('events', strapi).ingest(body);
      ctx.status = 202;
      ctx.body = { data: result };
    } catch (e) {
      respondWithError(ctx, e);
    }
  },
});

export default eventsController;

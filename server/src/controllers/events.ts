import type { Core } from '@strapi/strapi';
import { httpError } from '../utils/errors';
import { pluginConfig } from '../utils/plugin-config';
import { MAX_BODY_BYTES } from '../services/events';
import { getService } from '../utils/get-service';

/** `POST /api/journey/events` (content API; its own Users & Permissions action, off until granted). */
const eventsController = ({ strapi }: { strapi: Core.Strapi }) => ({
  async create(ctx: any) {
    if (!pluginConfig(strapi).demand.events) {
      throw httpError(
        404,
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
      throw httpError(
        413,
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
        throw httpError(400, 'the body is not JSON: send { "events": [ … ] }', { param: 'events' });
      }
    }
    const result = await getService('events', strapi).ingest(body);
    ctx.status = 202;
    ctx.body = { data: result };
  },
});

export default eventsController;

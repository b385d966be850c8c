/**
 * What the OpenAPI document says of each content-API route beyond its
 * parameters: summary, description, responses (with examples), the events body.
 * Keyed by the route's `METHOD path` in routes/content-api.ts; the query parameters
 * come from the route's request schema (openapi/document.ts).
 */
export const info = {
  title: 'strapi-plugin-journey content API',
  description:
    "The public REST endpoints of strapi-plugin-journey (SPEC §4): the journey taxonomy, and stage-aware content recommendations.\n\nBoth routes are content-API routes: a role reaches them only when it is granted `plugin::journey.stage.find` / `plugin::journey.recommend.find` in Users & Permissions (or with an API token that has them). Paths assume Strapi's default REST prefix `/api` (`config/api.ts` → `rest.prefix`).\n\nErrors use Strapi's error shape `{ data: null, error: { status, name, message, details } }`; for a bad parameter, `details.param` names it and `details.allowed` lists what it accepts (when the list is finite); a 400 also lists every refused value in `details.errors[]` (`path`, `message`, `name`), the shape of Strapi's own `ValidationError`.\n\nKept true by `server/tests/openapi.test.ts`, which validates real responses of the example app against these schemas.",
  license: {
    name: 'MIT',
  },
};

export const servers = [
  {
    url: 'http://127.0.0.1:1337',
    description: 'The example app (`npm run demo`)',
  },
];

export const tags = [
  {
    name: 'journey',
    description: "Buyer's and customer journey: taxonomy and recommendations",
  },
];

export const security = [
  {},
  {
    bearerAuth: [],
  },
];

export const ifNoneMatch = {
  name: 'If-None-Match',
  in: 'header',
  required: false,
  description:
    'An ETag of an earlier answer to the same request: if the answer is unchanged, the server answers 304 without a body.',
  schema: {
    type: 'string',
  },
};

/** Strapi's error body, as its error middleware writes it. */
const errorBody = (status: number, name: string, message: string, details: object) => ({
  data: null,
  error: { status, name, message, details },
});

/** A response in Strapi's error shape (components/schemas/Error), with an example when given. */
const errorResponse = (description: string, example?: object) => ({
  description,
  content: {
    'application/json': {
      schema: { $ref: '#/components/schemas/Error' },
      ...(example ? { example } : {}),
    },
  },
});

/**
 * A 400 as the plugin answers it: Strapi's ValidationError with the parameter, the
 * allowed values and the same error in `details.errors[]`.
 */
const validationError = (message: string, param: string, path: string[], allowed?: string[]) => {
  const withAllowed = allowed ? { allowed } : {};
  return errorBody(400, 'ValidationError', message, {
    param,
    ...withAllowed,
    errors: [{ path, message, name: 'ValidationError', ...withAllowed }],
  });
};

const unauthorized = errorResponse(
  'The `Authorization` header carries a token that is not valid',
  errorBody(401, 'UnauthorizedError', 'Missing or invalid credentials', {})
);

/** Strapi's own 403 for a role without the route's action (`details` empty). */
const forbidden = (action: string, withExample = true) =>
  errorResponse(
    `The caller's role is not granted \`${action}\``,
    withExample ? errorBody(403, 'ForbiddenError', 'Forbidden', {}) : undefined
  );

const notModified = {
  description: "Not modified: `If-None-Match` named the current answer's ETag. No body.",
  headers: { ETag: { $ref: '#/components/headers/ETag' } },
};

/** Headers of an answer a CDN may cache (recommend, visitor, visitor model). */
const cacheableHeaders = {
  ETag: { $ref: '#/components/headers/ETag' },
  'Cache-Control': {
    description:
      "The plugin config's `cacheControl` (default `public, max-age=60, stale-while-revalidate=300`)",
    schema: { type: 'string' },
  },
  Vary: {
    description: "Includes `Authorization`: the answer depends on the caller's role",
    schema: { type: 'string' },
  },
};

const PARAM_400 =
  'A parameter is missing, unknown, repeated or outside its allowed values; `details.param` names the first, `details.errors[]` lists each';

export const operations: Record<string, any> = {
  'GET /stages': {
    operationId: 'journeyStages',
    tags: ['journey'],
    summary: 'The journey taxonomy: phases, frameworks and their stages, audiences',
    description:
      "Active stages only (a retired stage is not listed), frameworks and stages in display order. Granting this route (`plugin::journey.stage.find`) also lets a role filter and populate the `journeyStages` relation through Strapi's own REST API.",
    responses: {
      '200': {
        description: 'The taxonomy',
        content: {
          'application/json': {
            schema: {
              $ref: '#/components/schemas/StagesResponse',
            },
          },
        },
      },
      '401': unauthorized,
      '403': forbidden('plugin::journey.stage.find'),
    },
  },
  'GET /recommend': {
    operationId: 'journeyRecommend',
    tags: ['journey'],
    summary: 'What a visitor at a journey stage should see, best first',
    description:
      'Only published entries, only of content types the caller may `find`, sanitized as Strapi\'s REST API sanitizes them (no private field). Ranking, key by key: match (`exact` stage > same `phase` > `adjacent` phase, the next before the previous); audience exact > `both`; format affinity for the requested phase; newest `publishedAt`; `documentId`. Entries of the other audience never match. `meta.fallback` is true when exact-stage entries alone did not fill `limit` and the list was widened.\n\nEvery parameter is checked before any query runs; an unknown parameter, or one given twice, is a 400 naming it.\n\nVisitor signals (`seen`, UTM, `referrer`, `landing`, `from`, `stage=auto`): the stage and, unless given, the audience are inferred by the same pure function the typed client runs (README "Visitor signals"); `meta.visitor` carries the inference. Nothing about the visitor is stored.',
    responses: {
      '200': {
        description: 'The recommended entries, best first (at most `limit`)',
        headers: cacheableHeaders,
        content: {
          'application/json': {
            schema: {
              $ref: '#/components/schemas/RecommendResponse',
            },
            example: {
              data: [
                {
                  id: 4,
                  documentId: 'k2l8x0c9q1m5v7b3n6z4a1s2',
                  title: 'The 2026 guide to evaluating customer data platforms',
                  slug: 'the-2026-guide-to-evaluating-customer-data-platforms',
                  summary: 'Criteria, architectures and questions for vendor calls.',
                  createdAt: '2026-01-10T09:00:00.000Z',
                  updatedAt: '2026-01-10T09:00:00.000Z',
                  publishedAt: '2026-01-12T09:00:00.000Z',
                  contentType: 'api::whitepaper.whitepaper',
                  journey: {
                    title: 'The 2026 guide to evaluating customer data platforms',
                    stages: ['b2b:research'],
                    audience: 'b2b',
                    match: 'exact',
                    reason: 'tagged Research (B2B), for B2B; whitepaper suits consideration',
                  },
                },
              ],
              meta: {
                stage: 'b2b:research',
                phase: 'consideration',
                audience: 'b2b',
                locale: null,
                types: [
                  'api::blog-post.blog-post',
                  'api::case-study.case-study',
                  'api::whitepaper.whitepaper',
                ],
                fallback: false,
                count: 1,
              },
            },
          },
        },
      },
      '304': notModified,
      '400': errorResponse(
        PARAM_400,
        validationError(
          'audience "both" is not allowed: use b2b or b2c (entries tagged both match either)',
          'audience',
          ['audience'],
          ['b2b', 'b2c']
        )
      ),
      '401': unauthorized,
      '403': {
        description:
          "The caller's role is not granted `plugin::journey.recommend.find` (`details` is empty), or `types` names a type the caller may not `find` (`details.param` is `types`, `details.allowed` the plural API names it may read)",
        content: {
          'application/json': {
            schema: {
              $ref: '#/components/schemas/Error',
            },
            example: {
              data: null,
              error: {
                status: 403,
                name: 'ForbiddenError',
                message:
                  'types: "case-studies" is not a type you may read: use blog-posts, whitepapers',
                details: {
                  param: 'types',
                  allowed: ['blog-posts', 'whitepapers'],
                },
              },
            },
          },
        },
      },
    },
  },
  'GET /visitor': {
    operationId: 'journeyVisitor',
    tags: ['journey'],
    summary: "The visitor's inferred stage, phase and audience, with the evidence and a reason",
    description:
      "The inference of `GET /api/journey/recommend` alone, for frontends that branch their UI on the visitor's stage. Same signals, same rules, same answer; nothing is stored.",
    responses: {
      '200': {
        description:
          "The visitor's inferred stage, phase and audience, with the evidence and a reason",
        headers: cacheableHeaders,
        content: {
          'application/json': {
            schema: {
              $ref: '#/components/schemas/VisitorResponse',
            },
          },
        },
      },
      '304': notModified,
      '400': errorResponse(
        PARAM_400,
        validationError(
          'seen must be a comma list of documentIds, oldest first; "not an id" is not one',
          'seen',
          ['seen']
        )
      ),
      '401': unauthorized,
      '403': forbidden('plugin::journey.visitor.find', false),
    },
  },
  'GET /visitor/model': {
    operationId: 'journeyVisitorModel',
    tags: ['journey'],
    summary: "What the typed client needs to infer a visitor's stage in the browser",
    description:
      'The public taxonomy, every signal rule (config and settings page), the weights and the default stage: the same for every visitor, so a CDN can cache it. Takes no parameter.',
    responses: {
      '200': {
        description: "What the typed client needs to infer a visitor's stage in the browser",
        headers: cacheableHeaders,
        content: {
          'application/json': {
            schema: {
              $ref: '#/components/schemas/VisitorModelResponse',
            },
          },
        },
      },
      '304': notModified,
      '400': errorResponse(
        PARAM_400,
        validationError(
          'seen is not a parameter of /api/journey/visitor/model: it takes none',
          'seen',
          ['seen'],
          []
        )
      ),
      '401': unauthorized,
      '403': forbidden('plugin::journey.visitor.model', false),
    },
  },
  'POST /events': {
    operationId: 'journeyEvents',
    tags: ['journey'],
    summary: 'Views, clicks and client-reported answers (opt-in, aggregated only)',
    description:
      'Off until a role is granted `plugin::journey.events.create`. At most 50 events and 16 KB per request; the body may be sent as `application/json` or, from `navigator.sendBeacon`, as `text/plain` JSON. Events for documentIds that are not published entries are ignored. Stored only as counts per day × entry × stage × type (and per day × stage × audience × locale × outcome for `answer`); no IP, user agent or visitor id. A client that reports its answers sends `X-Journey-Demand: client` on its recommend calls so they are not counted twice.',
    requestBody: {
      required: true,
      content: {
        'application/json': {
          schema: {
            $ref: '#/components/schemas/EventsRequest',
          },
          example: {
            events: [
              {
                type: 'view',
                documentId: 'k2f9xw0cq1v7m3b8n4h6j5ld',
                stage: 'b2b:research',
              },
              {
                type: 'click',
                documentId: 'k2f9xw0cq1v7m3b8n4h6j5ld',
                visitorStage: 'b2b:problem-recognition',
              },
              {
                type: 'answer',
                stage: 'b2b:research',
                audience: 'b2b',
                outcome: 'widened',
              },
            ],
          },
        },
      },
    },
    responses: {
      '202': {
        description: 'Counted (buffered, written within `demand.flushSeconds`)',
        content: {
          'application/json': {
            schema: {
              $ref: '#/components/schemas/EventsAccepted',
            },
            example: {
              data: {
                accepted: 3,
                ignored: 0,
              },
            },
          },
        },
      },
      '400': {
        description:
          'An event or field is missing, unknown or outside its allowed values; `details.param` names it (e.g. `events[0].type`)',
        content: {
          'application/json': {
            schema: {
              $ref: '#/components/schemas/Error',
            },
            example: validationError(
              'events[0].type must be one of view, click, answer',
              'events[0].type',
              ['events', '0', 'type'],
              ['view', 'click', 'answer']
            ),
          },
        },
      },
      '403': forbidden('plugin::journey.events.create'),
      '404': {
        description: 'Events are turned off in the plugin config (`demand.events: false`)',
        content: {
          'application/json': {
            schema: {
              $ref: '#/components/schemas/Error',
            },
            example: {
              data: null,
              error: {
                status: 404,
                name: 'NotFoundError',
                message:
                  'events are turned off in the journey plugin config (demand.events: false)',
                details: {
                  param: 'demand.events',
                },
              },
            },
          },
        },
      },
      '413': {
        description: 'The body is larger than 16 KB',
        content: {
          'application/json': {
            schema: {
              $ref: '#/components/schemas/Error',
            },
            example: {
              data: null,
              error: {
                status: 413,
                name: 'PayloadTooLargeError',
                message: 'the body is larger than 16384 bytes: send at most 50 events per request',
                details: {
                  param: 'events',
                  maxBytes: 16384,
                },
              },
            },
          },
        },
      },
    },
  },
  'GET /ping': {
    operationId: 'journeyPing',
    tags: ['journey'],
    summary: 'Answers when the plugin is reachable and the caller is granted it',
    description:
      "Does no work beyond Strapi's own content-API authentication (`plugin::journey.ping.find`): a reachability check for frontends, and the floor bench/ compares recommend with.",
    responses: {
      '200': {
        description: 'The plugin is reachable and the caller granted',
        content: {
          'application/json': {
            schema: { $ref: '#/components/schemas/PingResponse' },
            example: {
              data: {
                ok: true,
              },
            },
          },
        },
      },
      '401': unauthorized,
      '403': forbidden('plugin::journey.ping.find'),
    },
  },
  'GET /experiments': {
    operationId: 'journeyExperiments',
    tags: ['journey'],
    summary: 'The running experiments and their splits',
    description:
      "What a frontend needs to pick a visitor's arm: the running experiments, each with its scope (audience, locale) and arms in percent. The same for every visitor (cacheable by a CDN); no visitor id is read or set. The typed client's `createArmPicker` draws a bucket (kept in the browser only after consent) and maps it onto these percents; the arm then goes into `GET /recommend` as `arm`.",
    responses: {
      '200': {
        description: 'The running experiments (an empty list when none runs)',
        content: {
          'application/json': {
            schema: { $ref: '#/components/schemas/ExperimentsResponse' },
            example: {
              data: [
                {
                  id: 'homepage',
                  audience: 'any',
                  locale: '*',
                  arms: [
                    { id: 'journey', percent: 50 },
                    { id: 'newest', percent: 50 },
                  ],
                },
              ],
            },
          },
        },
      },
      '401': unauthorized,
      '403': forbidden('plugin::journey.experiments.find'),
    },
  },
  'GET /experiments/results': {
    operationId: 'journeyExperimentResults',
    tags: ['journey'],
    summary: 'Every experiment with its result so far',
    description:
      "For dashboards: granted to no role by default (give it to an API token). Per experiment its settings (without a fixed arm's documentIds) and its result: per arm answers, views, clicks and progressions with click-through and progression rates and their 95 % intervals, each arm against the control (lift with its interval, two-sided p-value), the answers needed per arm for `minimumLift`, whether there are enough, and the split-drift test. Aggregates only: nothing per visitor. See docs/experiments.md.",
    responses: {
      '200': {
        description: 'Every experiment (an empty list when there is none)',
        content: {
          'application/json': {
            schema: { $ref: '#/components/schemas/ExperimentResultsResponse' },
          },
        },
      },
      '401': unauthorized,
      '403': forbidden('plugin::journey.experiments.results'),
    },
  },
};

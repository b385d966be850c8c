/**
 * The response (and events request) schemas of the content API, defined once:
 * openapi/document.ts puts them in docs/openapi.json beside the parameters it
 * writes from the request schemas, and server/tests/openapi.test.ts validates real
 * responses against them.
 */
import { SIGNALS } from '../../../plugin/src/signals';
export const securitySchemes = {
  bearerAuth: {
    type: 'http',
    scheme: 'bearer',
    description:
      'A Strapi API token, or a Users & Permissions JWT. Without one the Public role applies.',
  },
};

export const headers = {
  ETag: {
    description:
      'A strong validator of the exact body: equal answers have equal ETags, on every Strapi instance',
    schema: {
      type: 'string',
      pattern: '^"[A-Za-z0-9_-]+"$',
    },
  },
};

export const schemas = {
  PhaseKey: {
    type: 'string',
    enum: ['awareness', 'consideration', 'decision', 'retention', 'advocacy'],
    description: 'The five phases every framework maps onto, in order (SPEC §2.1)',
  },
  Audience: {
    type: 'string',
    enum: ['b2b', 'b2c', 'both'],
    description: "An entry's audience",
  },
  VisitorAudience: {
    type: 'string',
    enum: ['b2b', 'b2c'],
    description: "A visitor's audience: `both` describes content, never a visitor",
  },
  StageId: {
    type: 'string',
    pattern: '^[a-z0-9-]+:[a-z0-9-]+$',
    description: '`framework:key`',
    example: 'b2b:research',
  },
  Phase: {
    type: 'object',
    additionalProperties: false,
    required: ['key', 'label', 'description', 'order'],
    properties: {
      key: {
        $ref: '#/components/schemas/PhaseKey',
      },
      label: {
        type: 'string',
      },
      description: {
        type: 'string',
      },
      order: {
        type: 'integer',
        minimum: 1,
        maximum: 5,
      },
    },
  },
  Stage: {
    type: 'object',
    additionalProperties: false,
    required: ['id', 'key', 'label', 'description', 'phase', 'order'],
    properties: {
      id: {
        $ref: '#/components/schemas/StageId',
      },
      key: {
        type: 'string',
        pattern: '^[a-z0-9-]+$',
      },
      label: {
        type: 'string',
      },
      description: {
        type: 'string',
      },
      phase: {
        $ref: '#/components/schemas/PhaseKey',
      },
      order: {
        type: 'integer',
        minimum: 1,
        description: '1-based position within its framework',
      },
    },
  },
  Framework: {
    type: 'object',
    additionalProperties: false,
    required: ['key', 'label', 'audience', 'description', 'stages'],
    properties: {
      key: {
        type: 'string',
        pattern: '^[a-z0-9-]+$',
        example: 'b2b',
      },
      label: {
        type: 'string',
      },
      audience: {
        $ref: '#/components/schemas/Audience',
      },
      description: {
        type: 'string',
      },
      stages: {
        type: 'array',
        items: {
          $ref: '#/components/schemas/Stage',
        },
      },
    },
  },
  StagesResponse: {
    type: 'object',
    additionalProperties: false,
    required: ['data'],
    properties: {
      data: {
        type: 'object',
        additionalProperties: false,
        required: ['phases', 'frameworks', 'audiences'],
        properties: {
          phases: {
            type: 'array',
            minItems: 5,
            maxItems: 5,
            items: {
              $ref: '#/components/schemas/Phase',
            },
          },
          frameworks: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/Framework',
            },
          },
          audiences: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/Audience',
            },
          },
        },
      },
    },
  },
  MatchKind: {
    type: 'string',
    enum: ['exact', 'phase', 'adjacent', 'baseline'],
    description:
      '`exact`: tagged with a requested stage; `phase`: another stage of the same phase (any framework); `adjacent`: a stage of the next or the previous phase; `baseline`: served by an experiment arm that does not rank by journey (newest, or a fixed list)',
  },
  RecommendJourney: {
    type: 'object',
    additionalProperties: false,
    required: ['stages', 'audience', 'match', 'reason', 'title'],
    properties: {
      title: {
        type: 'string',
        nullable: true,
        description:
          'What a person calls the entry, whatever `fields` asked: its title-like field (`title`, `name`, `headline`, else its first text field, else its slug); null when that field is empty',
        example: 'The B2B research checklist',
      },
      stages: {
        type: 'array',
        minItems: 1,
        items: {
          $ref: '#/components/schemas/StageId',
        },
        description: "The entry's stages, primary first",
      },
      audience: {
        $ref: '#/components/schemas/Audience',
      },
      match: {
        $ref: '#/components/schemas/MatchKind',
      },
      reason: {
        type: 'string',
        description: 'Why it was recommended, for humans',
        example: 'tagged Research (B2B), for B2B; whitepaper suits consideration',
      },
    },
  },
  RecommendItem: {
    type: 'object',
    description:
      "One entry, as Strapi's REST API returns it for its type (its own attributes, narrowed by `fields`, extended by `populate`), plus `contentType` and `journey`. The `journeyStages` and `journeyAudience` attributes are not repeated: they are in `journey`.",
    additionalProperties: true,
    required: ['id', 'documentId', 'publishedAt', 'contentType', 'journey'],
    properties: {
      id: {
        type: 'integer',
      },
      documentId: {
        type: 'string',
      },
      publishedAt: {
        type: 'string',
        format: 'date-time',
      },
      createdAt: {
        type: 'string',
        format: 'date-time',
      },
      updatedAt: {
        type: 'string',
        format: 'date-time',
      },
      locale: {
        type: 'string',
        description: 'On localized types',
      },
      contentType: {
        type: 'string',
        pattern: '^api::[a-z0-9-]+\\.[a-z0-9-]+$',
        example: 'api::whitepaper.whitepaper',
      },
      journey: {
        $ref: '#/components/schemas/RecommendJourney',
      },
    },
  },
  RecommendMeta: {
    type: 'object',
    additionalProperties: false,
    required: ['stage', 'phase', 'audience', 'locale', 'types', 'fallback', 'count'],
    properties: {
      stage: {
        $ref: '#/components/schemas/StageId',
      },
      stages: {
        type: 'array',
        minItems: 2,
        items: {
          $ref: '#/components/schemas/StageId',
        },
        description:
          'Only when a bare key without an audience resolved to several stages (`stage` is the first)',
      },
      phase: {
        $ref: '#/components/schemas/PhaseKey',
      },
      audience: {
        type: 'string',
        enum: ['b2b', 'b2c', null],
        nullable: true,
      },
      locale: {
        type: 'string',
        nullable: true,
      },
      types: {
        type: 'array',
        items: {
          type: 'string',
        },
        description: 'The content-type uids that were searched',
      },
      fallback: {
        type: 'boolean',
        description:
          'True when exact-stage entries alone did not fill `limit` and the list was widened to the phase and its neighbours',
      },
      count: {
        type: 'integer',
        minimum: 0,
        maximum: 50,
      },
      experiment: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'arm'],
        description:
          'Present when a running experiment covers the request (its audience and locale): its id, and the arm that served it (null: the request named no arm, counted as not in the experiment). Report views and clicks with these two fields.',
        properties: {
          id: { type: 'string' },
          arm: { type: 'string', nullable: true },
        },
      },
      visitor: {
        $ref: '#/components/schemas/VisitorInference',
        description:
          'Present when visitor signals, `from` or `stage=auto` were given: the inferred stage (a given stage or `from` wins over it for the answer).',
      },
      from: {
        type: 'object',
        additionalProperties: false,
        required: ['documentId', 'stage', 'next'],
        description:
          "Present with `from`: the entry's primary stage and the stage served (null when the entry is unknown or unreadable).",
        properties: {
          documentId: {
            type: 'string',
          },
          stage: {
            type: 'string',
            nullable: true,
          },
          next: {
            type: 'string',
            nullable: true,
          },
        },
      },
    },
  },
  RecommendResponse: {
    type: 'object',
    additionalProperties: false,
    required: ['data', 'meta'],
    properties: {
      data: {
        type: 'array',
        maxItems: 50,
        items: {
          $ref: '#/components/schemas/RecommendItem',
        },
      },
      meta: {
        $ref: '#/components/schemas/RecommendMeta',
      },
    },
  },
  Error: {
    type: 'object',
    description: "Strapi's error shape",
    additionalProperties: false,
    required: ['data', 'error'],
    properties: {
      data: {
        type: 'object',
        nullable: true,
        enum: [null],
      },
      error: {
        type: 'object',
        additionalProperties: false,
        required: ['status', 'name', 'message', 'details'],
        properties: {
          status: {
            type: 'integer',
            minimum: 400,
            maximum: 499,
          },
          name: {
            type: 'string',
            example: 'ValidationError',
          },
          message: {
            type: 'string',
          },
          details: {
            type: 'object',
            additionalProperties: true,
            properties: {
              param: {
                type: 'string',
                description: 'The parameter that was refused',
              },
              allowed: {
                type: 'array',
                items: {
                  type: 'string',
                },
                description: 'What that parameter accepts',
              },
              errors: {
                type: 'array',
                minItems: 1,
                description:
                  "A 400's every refused value, in the shape of Strapi's own ValidationError (read by the admin's `useAPIErrorHandler`); the first is the one `param` names",
                items: {
                  type: 'object',
                  additionalProperties: false,
                  required: ['path', 'message', 'name'],
                  properties: {
                    path: {
                      type: 'array',
                      items: { type: 'string' },
                      description:
                        'Where the value was, e.g. `["seen"]` or `["events", "0", "type"]`',
                    },
                    message: { type: 'string' },
                    name: { type: 'string', example: 'ValidationError' },
                    allowed: {
                      type: 'array',
                      items: { type: 'string' },
                      description: 'What that value accepts, when it is a closed list',
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
  },
  Evidence: {
    type: 'object',
    additionalProperties: false,
    required: ['source', 'weight'],
    description:
      'One piece of evidence: an entry read (`seen`, with its stage or its audience) or a matching signal rule (`rule`).',
    properties: {
      source: {
        type: 'string',
        enum: ['seen', 'rule'],
      },
      documentId: {
        type: 'string',
      },
      signal: {
        type: 'string',
        enum: [...SIGNALS],
      },
      pattern: {
        type: 'string',
      },
      stage: {
        $ref: '#/components/schemas/StageId',
      },
      phase: {
        $ref: '#/components/schemas/PhaseKey',
      },
      audience: {
        $ref: '#/components/schemas/VisitorAudience',
      },
      weight: {
        type: 'number',
        minimum: 0,
      },
    },
  },
  VisitorInference: {
    type: 'object',
    additionalProperties: false,
    required: ['stage', 'phase', 'audience', 'confidence', 'source', 'evidence', 'reason'],
    properties: {
      stage: {
        $ref: '#/components/schemas/StageId',
      },
      phase: {
        $ref: '#/components/schemas/PhaseKey',
      },
      audience: {
        type: 'string',
        enum: ['b2b', 'b2c', null],
        nullable: true,
        description: 'null: undecided (entries for both audiences are served)',
      },
      confidence: {
        type: 'number',
        minimum: 0,
        maximum: 1,
      },
      source: {
        type: 'string',
        enum: ['inferred', 'default'],
      },
      evidence: {
        type: 'array',
        items: {
          $ref: '#/components/schemas/Evidence',
        },
      },
      reason: {
        type: 'string',
        minLength: 1,
      },
    },
  },
  VisitorResponse: {
    type: 'object',
    additionalProperties: false,
    required: ['data', 'meta'],
    properties: {
      data: {
        $ref: '#/components/schemas/VisitorInference',
      },
      meta: {
        type: 'object',
        additionalProperties: false,
        required: ['seen', 'locale'],
        properties: {
          seen: {
            type: 'integer',
            minimum: 0,
            maximum: 50,
            description: 'How many of the seen ids counted',
          },
          locale: {
            type: 'string',
            nullable: true,
          },
        },
      },
    },
  },
  SignalRule: {
    type: 'object',
    additionalProperties: false,
    required: ['signal', 'pattern', 'weight'],
    properties: {
      signal: {
        type: 'string',
        enum: [...SIGNALS],
      },
      pattern: {
        type: 'string',
        minLength: 1,
        description: 'A glob over the whole value, case-insensitive (* any characters, ? one)',
      },
      stage: {
        $ref: '#/components/schemas/StageId',
      },
      phase: {
        $ref: '#/components/schemas/PhaseKey',
      },
      audience: {
        $ref: '#/components/schemas/VisitorAudience',
      },
      weight: {
        type: 'number',
        minimum: 0,
        maximum: 10,
      },
    },
  },
  VisitorModelResponse: {
    type: 'object',
    additionalProperties: false,
    required: ['data'],
    properties: {
      data: {
        type: 'object',
        additionalProperties: false,
        required: ['taxonomy', 'rules', 'weights', 'defaultStage'],
        properties: {
          taxonomy: {
            $ref: '#/components/schemas/StagesResponse/properties/data',
          },
          rules: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/SignalRule',
            },
          },
          weights: {
            type: 'object',
            additionalProperties: false,
            required: [
              'primary',
              'secondary',
              'entryCap',
              'recency',
              'phaseThreshold',
              'phaseShare',
              'audienceMargin',
            ],
            properties: {
              primary: {
                type: 'number',
                minimum: 0,
              },
              secondary: {
                type: 'number',
                minimum: 0,
              },
              entryCap: {
                type: 'number',
                minimum: 0,
              },
              recency: {
                type: 'number',
                minimum: 0,
              },
              phaseThreshold: {
                type: 'number',
                minimum: 0,
              },
              phaseShare: {
                type: 'number',
                minimum: 0,
              },
              audienceMargin: {
                type: 'number',
                minimum: 0,
              },
            },
          },
          defaultStage: {
            type: 'string',
            nullable: true,
          },
        },
      },
    },
  },
  JourneyEvent: {
    type: 'object',
    additionalProperties: false,
    required: ['type'],
    description:
      '`view` / `click`: `documentId` required, `stage` (the stage it was shown for) and `visitorStage` optional. `answer`: `stage` and `outcome` required, `audience` and `locale` optional.',
    properties: {
      type: {
        type: 'string',
        enum: ['view', 'click', 'answer'],
      },
      documentId: {
        type: 'string',
        pattern: '^[A-Za-z0-9_-]{1,64}$',
      },
      stage: {
        $ref: '#/components/schemas/StageId',
      },
      visitorStage: {
        $ref: '#/components/schemas/StageId',
      },
      audience: {
        $ref: '#/components/schemas/VisitorAudience',
      },
      locale: {
        type: 'string',
      },
      outcome: {
        type: 'string',
        enum: ['exact', 'widened', 'empty'],
      },
    },
  },
  EventsRequest: {
    type: 'object',
    additionalProperties: false,
    required: ['events'],
    properties: {
      events: {
        type: 'array',
        minItems: 1,
        maxItems: 50,
        items: {
          $ref: '#/components/schemas/JourneyEvent',
        },
      },
    },
  },
  EventsAccepted: {
    type: 'object',
    additionalProperties: false,
    required: ['data'],
    properties: {
      data: {
        type: 'object',
        additionalProperties: false,
        required: ['accepted', 'ignored'],
        properties: {
          accepted: {
            type: 'integer',
            minimum: 0,
            maximum: 50,
          },
          ignored: {
            type: 'integer',
            minimum: 0,
            maximum: 50,
          },
        },
      },
    },
  },
};

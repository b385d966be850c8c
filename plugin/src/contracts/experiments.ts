import { z } from 'zod';
import {
  ARM_KINDS,
  EXPERIMENT_AUDIENCES,
  EXPERIMENT_STATUSES,
  type PublishedExperiment as ModelPublished,
} from '../experiments';

/** `GET /api/journey/ping`, `/experiments` and `/experiments/results`, declared once. */

export const PingResponseSchema = z.looseObject({
  data: z.looseObject({ ok: z.literal(true) }),
});

const percent = () => z.int().min(1).max(99);

export const PublishedExperimentSchema = z.strictObject({
  id: z.string(),
  audience: z.enum(EXPERIMENT_AUDIENCES),
  locale: z.string().meta({ description: "A locale code, or '*' for every locale" }),
  arms: z.array(z.strictObject({ id: z.string(), percent: percent() })).min(2),
  stopAt: z.string().optional(),
});

export const ExperimentsResponseSchema = z.looseObject({
  data: z.array(PublishedExperimentSchema),
});

/** The result's inner figures are experiment-stats.ts's: typed there, left open here. */
const figures = () => z.looseObject({});

export const ExperimentResultsResponseSchema = z.looseObject({
  data: z.array(
    z.looseObject({
      id: z.string(),
      label: z.string(),
      status: z.enum(EXPERIMENT_STATUSES),
      live: z.boolean(),
      audience: z.enum(EXPERIMENT_AUDIENCES).optional(),
      locale: z.string().optional(),
      control: z.string(),
      minimumLift: z.number().optional(),
      arms: z.array(
        z.looseObject({
          id: z.string(),
          label: z.string(),
          kind: z.enum(ARM_KINDS),
          percent: percent(),
        })
      ),
      result: z.looseObject({
        days: z.int().min(0),
        arms: z.array(figures()),
        comparisons: z.array(figures()),
        neededPerArm: z.int().nullable().optional(),
        enoughData: z.boolean(),
        srm: figures().nullable().optional(),
        outside: figures().nullable().optional(),
      }),
    })
  ),
});

export type PublishedExperiment = z.infer<typeof PublishedExperimentSchema>;
export type ExperimentsResponse = z.infer<typeof ExperimentsResponseSchema>;

/** What the server publishes is the model's own list: a compile error when the two part. */
const _modelFits = (v: ModelPublished): PublishedExperiment => v;
void _modelFits;

import { z } from 'zod';

/**
 * Strapi's error body, as its error middleware writes it, with what the plugin
 * puts in `details` (server/src/utils/errors.ts and the validation modules).
 */

const allowed = (description: string) => z.array(z.string()).optional().meta({ description });

export const ErrorItemSchema = z.strictObject({
  path: z.array(z.string()).meta({
    description: 'Where the value was, e.g. `["seen"]` or `["events", "0", "type"]`',
  }),
  message: z.string(),
  name: z.string().meta({ example: 'ValidationError' }),
  allowed: allowed('What that value accepts, when it is a closed list'),
});

export const ErrorDetailsSchema = z.looseObject({
  param: z.string().optional().meta({ description: 'The parameter that was refused' }),
  allowed: allowed('What that parameter accepts'),
  errors: z.array(ErrorItemSchema).min(1).optional().meta({
    description:
      "A 400's every refused value, in the shape of Strapi's own ValidationError (read by the admin's `useAPIErrorHandler`); the first is the one `param` names",
  }),
});

export const ErrorSchema = z
  .strictObject({
    data: z.null(),
    error: z.strictObject({
      status: z.int().min(400).max(499),
      name: z.string().meta({ example: 'ValidationError' }),
      message: z.string(),
      details: ErrorDetailsSchema,
    }),
  })
  .meta({ description: "Strapi's error shape" });

export type JourneyErrorDetails = z.infer<typeof ErrorDetailsSchema>;
export type StrapiErrorBody = z.infer<typeof ErrorSchema>;

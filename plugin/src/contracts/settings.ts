import { z } from 'zod';

/**
 * The settings page's bodies (`PUT /journey/settings`, `POST /journey/settings/retire`
 * and `/restore`), declared once. server/src/validation/settings.ts checks them
 * with these schemas, then the stage ids against the site's taxonomy; the admin
 * takes the inferred types.
 */

export const STAGE_EDIT_FIELDS = ['label', 'description', 'target'] as const;

/** What the page may change on a stage (retiring is its own call). */
export const StageEditSchema = z.strictObject({
  // The length is the text as typed; what is stored (and must not be empty) is trimmed.
  label: z.string().max(100).trim().min(1).optional(),
  description: z.string().max(1000).optional(),
  target: z.int().min(0).max(100000).optional(),
});

export const SettingsBodySchema = z
  .looseObject({
    /** By stage id. */
    stages: z.record(z.string(), StageEditSchema).optional(),
    /**
     * By content-type uid, then stage id: a target, "not-applicable", or null (back to
     * the stage's). Checked by validateTypeTargets, the check config's `typeTargets` has.
     */
    targets: z.unknown().optional(),
  })
  .refine((body) => body.stages !== undefined || body.targets !== undefined, {
    path: ['stages'],
  });

export const RetireBodySchema = z.looseObject({
  stage: z.string(),
  /** Where the entries carrying it go; required when there are any. */
  moveTo: z.string().optional(),
});

export const RestoreBodySchema = z.looseObject({
  stage: z.string(),
  /** Give back the stage to the entries its retire moved (those not edited since). */
  moveBack: z.boolean().optional(),
});

export type StageEdit = z.infer<typeof StageEditSchema>;
export type RetireBody = z.infer<typeof RetireBodySchema>;
export type RestoreBody = z.infer<typeof RestoreBodySchema>;

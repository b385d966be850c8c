import { z } from 'zod';
import { MAX_RULES, SIGNALS } from '../signals';
import { PHASE_KEYS } from '../phases';
import { VISITOR_AUDIENCES } from '../audience';

/**
 * A signal rule as it is written: in config (`visitor.rules`) and in the body of
 * `PUT /journey/signal-rules`. signal-rules.ts validates with these schemas (and the
 * stage ids against the site's stages); what it returns is SignalRuleSchema's shape
 * (contracts/visitor.ts), the one the visitor model serves.
 */

export const SIGNAL_RULE_FIELDS = ['signal', 'pattern', 'stage', 'phase', 'audience', 'weight'];

export const SignalRuleInputSchema = z
  .strictObject({
    signal: z.enum(SIGNALS),
    // The length is the pattern as written; what is kept (and must not be empty) is trimmed.
    pattern: z.string().max(200).trim().min(1),
    stage: z.string().optional(),
    phase: z.enum(PHASE_KEYS).optional(),
    audience: z.enum(VISITOR_AUDIENCES).optional(),
    /** 1 is the weight of one entry read. */
    weight: z.number().gt(0).max(10).default(1),
  })
  .superRefine((rule, ctx) => {
    if (rule.stage !== undefined && rule.phase !== undefined)
      ctx.addIssue({ code: 'custom', params: { rule: 'both' }, input: rule });
    else if (rule.stage === undefined && rule.phase === undefined && rule.audience === undefined)
      ctx.addIssue({ code: 'custom', params: { rule: 'none' }, input: rule });
  });

export const SignalRulesSchema = z.array(SignalRuleInputSchema).max(MAX_RULES);

export type SignalRuleInput = z.input<typeof SignalRuleInputSchema>;

/** `PUT /journey/signal-rules`: the whole list, stored whole (each rule checked as above). */
export const SignalRulesBodySchema = z
  .looseObject({ rules: z.unknown() })
  .refine((body) => body.rules !== undefined);

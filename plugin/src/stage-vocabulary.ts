import type { PhaseKey } from './phases';

/**
 * What the plugin knows about each phase and preset stage before a site tags
 * anything: the phrases the two seed articles (/work/shared/seeds 000 and 001,
 * the sources of SPEC §2) use to describe them, kept close to their wording.
 * The suggestion model reads them as one pseudo-entry per stage (`seedWeight`),
 * so a site's own tags soon outweigh them. Nothing here was chosen by looking at
 * a site's content; custom frameworks get their phase's phrases and their own
 * label and description.
 */
export const PHASE_VOCABULARY: Record<PhaseKey, string> = {
  awareness:
    'customers become aware of a problem or need; start gathering information to understand their options; ' +
    'stumble upon a blog post, social media post or an advertisement that sparks their interest; ' +
    'first interacts with a brand; first impression; capture the attention of potential customers; ' +
    'introduce them to products or services; creating initial awareness',
  consideration:
    'a clearer understanding of their options; evaluate different solutions and weigh their pros and cons; ' +
    'extensive research, comparison shopping, seeking recommendations from peers; ' +
    'read product reviews, watch tutorial videos, engage in online discussions to gather insights; ' +
    'informed decisions; e-books or whitepapers that address common pain points and offer solutions; ' +
    'researching and comparing products',
  decision:
    'customers make their final choice and proceed with the purchase; narrowed down their options, ready to commit; ' +
    'pricing, product features, customer reviews and brand reputation influence the decision; ' +
    'reassurance through guarantees, warranties or return policies; unique value proposition, competitive advantages; ' +
    'customer testimonials, case studies or success stories provide social proof and instill confidence',
  retention:
    'post-purchase engagement; nurturing the relationship with customers after they have made a purchase; ' +
    'personalized follow-ups, customer support, relevant resources or offers; thank-you emails or messages; ' +
    'asking for feedback; make the most out of their purchase; long-term relationship; repeat customers, repeat purchases; ' +
    'personalized recommendations based on purchase history; exclusive discounts or promotions; educational content; ' +
    'customer retention, loyalty, keep customers coming back for more; ongoing engagement after the sale',
  advocacy:
    'brand advocates; loyal promoters of the brand; positive word-of-mouth recommendations; referrals to new customers; ' +
    'customers share their experiences, opinions and recommendations; a powerful voice; a sense of community',
};

/** Seed 001's wording for the preset B2B and B2C stages, by stage id. */
export const STAGE_VOCABULARY: Record<string, string> = {
  'b2c:awareness': 'how customers first become aware of your brand',
  'b2c:consideration': 'what makes them consider your product or service',
  'b2c:purchase': 'what drives them to buy from you; the purchase',
  'b2c:retention': 'maintain the relationship and encourage repeat purchases',
  'b2c:advocacy': 'turn customers into loyal promoters of your brand',
  'b2b:problem-recognition': 'identification of the needs and problems faced by the company',
  'b2b:research': 'search for information and available solutions in the market',
  'b2b:consideration': 'evaluation of various options and comparison of solutions',
  'b2b:selection': 'choosing the solution that best suits the needs',
  'b2b:purchase': 'negotiation and finalization of the purchase',
  'b2b:post-purchase': 'implementation of the solution and evaluation of results',
};

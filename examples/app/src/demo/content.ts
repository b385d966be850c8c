/**
 * Demo entries, subjects taken from the two seed articles (buyer's journey vs
 * customer journey; B2C in 5 steps, B2B in 6). Deliberate gaps for the coverage
 * page: no B2B post-purchase case study, no B2C advocacy whitepaper, nothing at
 * b2b:purchase for whitepapers, and a few untagged entries and drafts.
 */
export type DemoType = 'blog-post' | 'whitepaper' | 'case-study';

export interface DemoEntry {
  type: DemoType;
  title: string;
  summary: string;
  stages: string[];
  audience: 'b2b' | 'b2c' | 'both';
  draft?: boolean;
  fr?: { title: string; summary: string };
}

const e = (
  type: DemoType,
  title: string,
  stages: string[],
  audience: DemoEntry['audience'],
  summary: string,
  extra: Partial<DemoEntry> = {}
): DemoEntry => ({
  type,
  title,
  stages,
  audience,
  summary,
  ...extra,
});

export const DEMO_ENTRIES: DemoEntry[] = [
  // Blog posts: awareness content for both audiences
  e(
    'blog-post',
    'Five signs your team has outgrown spreadsheets',
    ['b2b:problem-recognition'],
    'b2b',
    'How companies recognise the problem before they go looking for a solution.'
  ),
  e(
    'blog-post',
    'Why buyer journeys and customer journeys are not the same thing',
    ['b2c:awareness', 'b2b:problem-recognition'],
    'both',
    'The buyer’s journey ends at the purchase; the customer journey keeps going.',
    {
      fr: {
        title: 'Parcours d’achat et parcours client : pas la même chose',
        summary: 'Le parcours d’achat s’arrête à l’achat ; le parcours client continue.',
      },
    }
  ),
  e(
    'blog-post',
    'What social media changed about how people discover brands',
    ['b2c:awareness'],
    'b2c',
    'A post, an ad or a friend’s share is where most journeys start now.',
    {
      fr: {
        title: 'Ce que les réseaux sociaux ont changé à la découverte des marques',
        summary: 'Un post, une publicité ou un partage : c’est là que commencent les parcours.',
      },
    }
  ),
  e(
    'blog-post',
    'The hidden cost of a slow checkout',
    ['b2c:awareness'],
    'b2c',
    'Small frictions that make shoppers leave before they even compare.'
  ),
  e(
    'blog-post',
    'Is your onboarding losing customers in week one?',
    ['b2b:problem-recognition'],
    'b2b',
    'Recognising churn early, before it shows in revenue.'
  ),
  e(
    'blog-post',
    'How online reviews shape the consideration stage',
    ['b2c:consideration'],
    'b2c',
    'Shoppers read reviews, watch videos and ask peers before they decide.',
    {
      fr: {
        title: 'Comment les avis en ligne pèsent sur la considération',
        summary: 'Les acheteurs lisent des avis et demandent conseil avant de décider.',
      },
    }
  ),
  e(
    'blog-post',
    'Research like a buying committee: a checklist',
    ['b2b:research'],
    'b2b',
    'The questions corporate buyers ask when they research a market.'
  ),
  e(
    'blog-post',
    'Comparing options without drowning in tabs',
    ['b2c:consideration'],
    'both',
    'A calmer way to weigh pros and cons.'
  ),
  e(
    'blog-post',
    'Personalization that customers actually notice',
    ['b2c:retention'],
    'b2c',
    'Follow-ups, recommendations and offers that feel earned.',
    {
      fr: {
        title: 'Une personnalisation que les clients remarquent',
        summary: 'Relances, recommandations et offres qui sonnent juste.',
      },
    }
  ),
  e(
    'blog-post',
    'Thank-you emails that bring customers back',
    ['b2c:retention'],
    'b2c',
    'Post-purchase engagement in three short messages.'
  ),
  e(
    'blog-post',
    'Turning happy customers into advocates',
    ['b2c:advocacy'],
    'b2c',
    'Referral programmes and review requests that do not feel pushy.'
  ),
  e(
    'blog-post',
    'Data analytics for the whole customer journey',
    ['b2c:retention', 'b2b:post-purchase'],
    'both',
    'Which numbers tell you where journeys stall.'
  ),
  e(
    'blog-post',
    'E-commerce and the shrinking decision stage',
    ['b2c:purchase'],
    'b2c',
    'One click from interest to order: what that means for content.'
  ),
  e(
    'blog-post',
    'Draft: notes on emotional vs logical buying',
    ['b2c:awareness'],
    'both',
    'B2C buys on emotion, B2B on logic — mostly.',
    { draft: true }
  ),
  e(
    'blog-post',
    'Content calendar tips for small teams',
    [],
    'both',
    'Untagged on purpose: the coverage page counts it as untagged.'
  ),
  e('blog-post', 'Meet the team behind the newsletter', [], 'both', 'Untagged on purpose.'),
  // Whitepapers: consideration content, mostly B2B
  e(
    'whitepaper',
    'The 2026 guide to evaluating customer data platforms',
    ['b2b:research'],
    'b2b',
    'Criteria, architectures and questions for vendor calls.'
  ),
  e(
    'whitepaper',
    'Build vs buy: a framework for B2B software decisions',
    ['b2b:consideration'],
    'b2b',
    'Total cost, risk and time to value, compared honestly.'
  ),
  e(
    'whitepaper',
    'Mapping the B2B buyer journey in six steps',
    ['b2b:research', 'b2b:problem-recognition'],
    'b2b',
    'From problem recognition to post-purchase evaluation.'
  ),
  e(
    'whitepaper',
    'Security questionnaire, answered',
    ['b2b:selection'],
    'b2b',
    'Everything a procurement team asks before shortlisting.'
  ),
  e(
    'whitepaper',
    'Personalization at scale: a technical primer',
    ['b2b:research'],
    'both',
    'How segmentation and analytics work together.'
  ),
  e(
    'whitepaper',
    'The state of online reviews',
    ['b2c:consideration'],
    'both',
    'What a million reviews say about trust.'
  ),
  e(
    'whitepaper',
    'Choosing a plan: a buyer’s comparison guide',
    ['b2c:consideration'],
    'b2c',
    'Side-by-side features for households.'
  ),
  e(
    'whitepaper',
    'Measuring retention: cohorts, churn and LTV',
    ['b2b:post-purchase'],
    'b2b',
    'Evaluating results after implementation.'
  ),
  e(
    'whitepaper',
    'Implementation playbook for the first 90 days',
    ['b2b:post-purchase'],
    'b2b',
    'How successful customers roll out.',
    { draft: true }
  ),
  e(
    'whitepaper',
    'Digital transformation and the modern buyer',
    ['b2b:problem-recognition'],
    'b2b',
    'Why buyers are 70% through their journey before they call sales.'
  ),
  e('whitepaper', 'Customer experience benchmarks', [], 'both', 'Untagged on purpose.'),
  // Case studies: decision content
  e(
    'case-study',
    'How Northwind cut reporting time by 60%',
    ['b2b:selection'],
    'b2b',
    'A logistics company chooses a platform after a three-vendor trial.'
  ),
  e(
    'case-study',
    'Fabrikam’s procurement story',
    ['b2b:purchase'],
    'b2b',
    'Negotiation, security review and signature in six weeks.'
  ),
  e(
    'case-study',
    'Contoso picks a partner, not a vendor',
    ['b2b:selection', 'b2b:consideration'],
    'b2b',
    'Evaluation criteria that mattered most.'
  ),
  e(
    'case-study',
    'A family bakery goes online',
    ['b2c:purchase'],
    'b2c',
    'From first order to loyal regulars.'
  ),
  e(
    'case-study',
    'Why 10,000 runners switched apps',
    ['b2c:purchase'],
    'b2c',
    'Social proof and a generous trial.'
  ),
  e(
    'case-study',
    'The subscription that customers keep',
    ['b2c:retention'],
    'b2c',
    'Onboarding and perks that cut churn in half.'
  ),
  e(
    'case-study',
    'Community stories: customers who became ambassadors',
    ['b2c:advocacy'],
    'b2c',
    'Advocacy that started with a thank-you note.'
  ),
  e(
    'case-study',
    'Tailspin Toys: from trial to rollout',
    ['b2b:selection'],
    'both',
    'A mid-size retailer’s decision, step by step.'
  ),
  e(
    'case-study',
    'Adatum scales support with self-service',
    ['b2b:purchase'],
    'b2b',
    'The business case that got signed.'
  ),
  e(
    'case-study',
    'A boutique hotel’s review turnaround',
    ['b2c:consideration'],
    'b2c',
    'How answering reviews changed bookings.'
  ),
  e(
    'case-study',
    'Draft: Litware renewal story',
    ['b2b:selection'],
    'b2b',
    'Waiting for customer approval.',
    { draft: true }
  ),
  e(
    'case-study',
    'Woodgrove’s pilot results',
    ['b2b:selection'],
    'b2b',
    'Three months of measured outcomes.'
  ),
  e('case-study', 'Unfinished interview notes', [], 'both', 'Untagged on purpose.'),
  e(
    'case-study',
    'Proseware: proof in the numbers',
    ['b2b:purchase', 'b2b:selection'],
    'b2b',
    'ROI the CFO signed off on.'
  ),
  e(
    'case-study',
    'Shoppers who came back for more',
    ['b2c:retention'],
    'b2c',
    'Loyalty offers that paid for themselves.'
  ),
];

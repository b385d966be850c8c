import { buildTaxonomy, DEFAULT_FORMAT_AFFINITY } from '../src';
import {
  buildSuggestIndex,
  suggestStageList,
  suggestStages,
  tokenize,
  type SuggestDoc,
} from '../src/suggest';

const taxonomy = buildTaxonomy();
const stages = suggestStageList(taxonomy);
const affinity = DEFAULT_FORMAT_AFFINITY;

const doc = (
  key: string,
  uid: string,
  title: string,
  text: string,
  stageIds: string[],
  audience: SuggestDoc['audience'] = 'b2b'
): SuggestDoc => ({
  key,
  uid,
  documentId: key,
  title,
  text,
  format: uid.split('.').pop(),
  audience,
  stages: stageIds,
});

const WP = 'api::whitepaper.whitepaper';
const CS = 'api::case-study.case-study';
const BLOG = 'api::blog-post.blog-post';

const library: SuggestDoc[] = [
  doc('w1', WP, 'Security questionnaire answered', 'procurement shortlist vendor security review', [
    'b2b:selection',
  ]),
  doc('w2', WP, 'Vendor shortlist checklist', 'shortlist vendors procurement security criteria', [
    'b2b:selection',
  ]),
  doc('w3', WP, 'Market research primer', 'research the market analysts reports criteria', [
    'b2b:research',
  ]),
  doc(
    'w4',
    WP,
    'Research methods for buying committees',
    'research committee questions market analysts',
    ['b2b:research']
  ),
  doc('c1', CS, 'Northwind signs the contract', 'negotiation signature contract purchase order', [
    'b2b:purchase',
  ]),
  doc('c2', CS, 'Fabrikam procurement story', 'contract signature purchase negotiation weeks', [
    'b2b:purchase',
  ]),
  doc(
    'b1',
    BLOG,
    'Thank-you emails that bring customers back',
    'loyalty follow-up offers retention',
    ['b2c:retention'],
    'b2c'
  ),
  doc(
    'b2',
    BLOG,
    'Loyalty perks customers love',
    'loyalty offers retention churn',
    ['b2c:retention'],
    'b2c'
  ),
  doc('u1', BLOG, 'Untagged draft', 'contract signature', []),
];

describe('tokenize', () => {
  it('lower-cases, strips accents, stop words, digits-only tokens and plurals', () => {
    expect(tokenize('The Vendors’ Café: 2026 reports and ANALYSES')).toEqual([
      'vendor',
      'caf',
      'report',
      'analys',
    ]);
  });
  it('turns -ies plurals into -y and keeps -ss words', () => {
    expect(tokenize('case studies business')).toEqual(['cas', 'study', 'busine']);
  });
  it('folds derivations of a word together, and keeps different words apart', () => {
    const same = (text: string) => new Set(tokenize(text)).size;
    expect(same('purchase purchases purchasing')).toBe(1);
    expect(same('advocates advocacy advocate')).toBe(1);
    expect(same('evaluating evaluation evaluate')).toBe(1);
    expect(same('loyal loyalty')).toBe(1);
    expect(same('compare comparison comparing')).toBe(1);
    expect(same('compare company')).toBe(2);
    expect(same('research retention')).toBe(2);
  });
});

describe('buildSuggestIndex', () => {
  it('learns only tagged entries with active stages', () => {
    const index = buildSuggestIndex(stages, [
      ...library,
      doc('r1', WP, 'Old', 'retired stage', ['b2b:gone']),
    ]);
    expect(index.docs.map((d) => d.key).sort()).toEqual([
      'b1',
      'b2',
      'c1',
      'c2',
      'w1',
      'w2',
      'w3',
      'w4',
    ]);
  });
});

describe('suggestStages', () => {
  const index = buildSuggestIndex(stages, library);

  it('suggests the stage whose entries share the words, with a neighbour as the reason', () => {
    const [top] = suggestStages(
      index,
      {
        text: 'A vendor security shortlist for procurement',
        format: 'whitepaper',
        uid: WP,
        audience: 'b2b',
      },
      affinity
    );
    expect(top.stage).toBe('b2b:selection');
    expect(top.like[0].documentId).toMatch(/^w[12]$/);
    expect(top.reason).toMatch(
      /^like ‘(Security questionnaire answered|Vendor shortlist checklist)’ and 1 other Selection entry/
    );
  });

  it('words beat the type: a whitepaper about research gets research, not the whitepapers’ other stage', () => {
    const [top] = suggestStages(
      index,
      {
        text: 'research analysts and market reports',
        format: 'whitepaper',
        uid: WP,
        audience: 'b2b',
      },
      affinity
    );
    expect(top.stage).toBe('b2b:research');
  });

  it('names the format when its affinity agrees with the suggestion', () => {
    const [top] = suggestStages(
      index,
      { text: 'contract signature negotiation', format: 'case-study', uid: CS, audience: 'b2b' },
      affinity
    );
    expect(top.stage).toBe('b2b:purchase');
    expect(top.reason).toContain('a case study usually serves decision');
  });

  it('returns confidences in 0..1, best first, summing to at most 1', () => {
    const out = suggestStages(
      index,
      { text: 'loyalty offers', format: 'blog-post', uid: BLOG, audience: 'b2c' },
      affinity,
      { limit: 11 }
    );
    expect(out).toHaveLength(stages.length);
    const c = out.map((s) => s.confidence);
    expect([...c].sort((a, b) => b - a)).toEqual(c);
    expect(c.every((x) => x >= 0 && x <= 1)).toBe(true);
    expect(c.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 2);
    expect(out[0].stage).toBe('b2c:retention');
  });

  it('keeps a b2b entry away from b2c stages unless the words insist', () => {
    const b2b = suggestStages(
      index,
      { text: 'offers', format: 'blog-post', uid: BLOG, audience: 'b2b' },
      affinity
    );
    const b2c = suggestStages(
      index,
      { text: 'offers', format: 'blog-post', uid: BLOG, audience: 'b2c' },
      affinity
    );
    const rank = (list: typeof b2b) =>
      list.find((s) => s.stage === 'b2c:retention')?.confidence ?? 0;
    expect(rank(b2c)).toBeGreaterThan(rank(b2b));
  });

  it('leaves the excluded entry out of the centroids, counts and neighbours (as rebuilding without it, but for its words in the IDF)', () => {
    const query = {
      text: 'Security questionnaire answered procurement shortlist vendor security review',
      format: 'whitepaper',
      uid: WP,
      audience: 'b2b' as const,
    };
    const excluded = suggestStages(index, { ...query, excludeKey: 'w1' }, affinity, { limit: 11 });
    const rebuilt = suggestStages(
      buildSuggestIndex(
        stages,
        library.filter((d) => d.key !== 'w1')
      ),
      query,
      affinity,
      { limit: 11 }
    );
    expect(excluded.map((s) => s.stage)).toEqual(rebuilt.map((s) => s.stage));
    excluded.forEach((s, i) => expect(s.confidence).toBeCloseTo(rebuilt[i].confidence, 2));
    expect(excluded.flatMap((s) => s.like.map((l) => l.key))).not.toContain('w1');
    // And it does leave it out: with w1 learned, its own words make selection surer.
    const kept = suggestStages(index, query, affinity, { limit: 11 });
    expect(kept[0].confidence).toBeGreaterThan(excluded[0].confidence + 0.005);
  });

  it('shows neighbours only from the types the editor may read', () => {
    const [top] = suggestStages(
      index,
      {
        text: 'contract signature negotiation',
        format: 'case-study',
        uid: CS,
        audience: 'b2b',
        visibleUids: new Set([WP]),
      },
      affinity
    );
    expect(top.like.every((n) => n.uid === WP)).toBe(true);
    expect(top.reason).not.toMatch(/Northwind|Fabrikam/);
  });

  it('with nothing tagged, falls back on the format affinity alone', () => {
    const empty = buildSuggestIndex(stages, []);
    const out = suggestStages(
      empty,
      { text: 'anything', format: 'case-study', uid: CS, audience: 'b2b' },
      affinity
    );
    expect(taxonomy.byId.get(out[0].stage)?.phase).toBe('decision');
    expect(out[0].like).toEqual([]);
    expect(out[0].reason).toBe('a case study usually serves decision');
    expect(suggestStages(empty, { text: 'anything', format: undefined }, affinity)).toEqual([]);
  });

  it('without a neighbour or a fitting format, the reason is the share of the type’s entries that carry the stage', () => {
    const out = suggestStages(
      index,
      { text: 'zzz', format: undefined, uid: WP, audience: 'b2b' },
      affinity,
      { limit: 11 }
    );
    const selection = out.find((s) => s.stage === 'b2b:selection')!;
    expect(selection.like).toEqual([]);
    expect(selection.reason).toBe('2 of this type’s 4 tagged entries carry it');
    const unseen = out.find((s) => s.stage === 'b2c:advocacy')!;
    expect(unseen.reason).toBe('the words it shares with Advocacy entries');
    // Leaving one of them out counts it out of the share too.
    const [left] = suggestStages(
      index,
      { text: 'zzz', uid: WP, audience: 'b2b', excludeKey: 'w1' },
      affinity,
      { limit: 11 }
    ).filter((s) => s.stage === 'b2b:selection');
    expect(left.reason).toBe('1 of this type’s 3 tagged entries carries it');
  });

  it('knows the stages’ own words before anything is tagged: they can outweigh the format', () => {
    const empty = buildSuggestIndex(stages, []);
    const [top] = suggestStages(
      empty,
      {
        text: 'Referrals and word-of-mouth: turning loyal customers into brand advocates',
        format: 'blog-post',
        uid: BLOG,
        audience: 'b2c',
      },
      affinity
    );
    expect(top.stage).toBe('b2c:advocacy');
    // Without such words the format decides.
    const [plain] = suggestStages(
      empty,
      { text: 'Our spring collection', format: 'blog-post', uid: BLOG, audience: 'b2c' },
      affinity
    );
    expect(plain.stage).toBe('b2c:awareness');
  });

  it('is deterministic', () => {
    const q = { text: 'contract research loyalty', format: 'whitepaper', uid: WP };
    expect(suggestStages(index, q, affinity)).toEqual(suggestStages(index, q, affinity));
  });
});

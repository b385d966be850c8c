import {
  buildTaxonomy,
  PRESET_FRAMEWORKS,
  rankCandidates,
  matchTiers,
  requestPhase,
  resolveStage,
  type Candidate,
  type RecommendRequest,
} from '../src';

const taxonomy = buildTaxonomy();

let n = 0;
const cand = (over: Partial<Candidate> & { stages: string[] }): Candidate => ({
  documentId: over.documentId ?? `doc${String(++n).padStart(3, '0')}`,
  contentType: 'api::article.article',
  format: undefined,
  publishedAt: '2024-01-01T00:00:00.000Z',
  audience: 'both',
  ...over,
});

const req = (stage: string, audience?: 'b2b' | 'b2c'): RecommendRequest => ({
  stages: resolveStage(taxonomy, stage, audience),
  audience,
});

const order = (ranked: Array<{ candidate: Candidate }>) =>
  ranked.map((r) => r.candidate.documentId);

/** Deterministic Fisher-Yates with a seeded LCG, so a failure can be reproduced. */
const shuffle = <T>(items: T[], seed: number): T[] => {
  const a = [...items];
  let s = seed;
  for (let i = a.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = s % (i + 1);
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
};

describe('matchTiers', () => {
  it('gives exact, same phase, next phase, previous phase stage ids', () => {
    const tiers = matchTiers(taxonomy, req('b2b:research', 'b2b'));
    expect(tiers.map((t) => t.match)).toEqual(['exact', 'phase', 'adjacent', 'adjacent']);
    expect(tiers[0].stageIds).toEqual(['b2b:research']);
    expect(tiers[1].stageIds).toEqual(['b2b:consideration', 'b2c:consideration']);
    expect(tiers[2]).toMatchObject({
      phase: 'decision',
      stageIds: ['b2b:selection', 'b2b:purchase', 'b2c:purchase'],
    });
    expect(tiers[3]).toMatchObject({
      phase: 'awareness',
      stageIds: ['b2b:problem-recognition', 'b2c:awareness'],
    });
  });

  it('first phase has no previous tier', () => {
    const tiers = matchTiers(taxonomy, req('b2c:awareness'));
    expect(tiers[1].stageIds).toEqual(['b2b:problem-recognition']);
    expect(tiers[2]).toMatchObject({ phase: 'consideration' });
    expect(tiers[2].stageIds).toEqual(['b2b:research', 'b2b:consideration', 'b2c:consideration']);
    expect(tiers[3].stageIds).toEqual([]);
    expect(tiers[3].phase).toBeUndefined();
  });

  it('last phase has no next tier; the previous one is still found', () => {
    const tiers = matchTiers(taxonomy, req('b2c:advocacy'));
    expect(tiers[1].stageIds).toEqual([]);
    expect(tiers[2].stageIds).toEqual([]);
    expect(tiers[2].phase).toBeUndefined();
    expect(tiers[3]).toMatchObject({
      phase: 'retention',
      stageIds: ['b2b:post-purchase', 'b2c:retention'],
    });
  });

  it('a bare key across frameworks puts every resolved stage in the exact tier, none in the phase tier', () => {
    const tiers = matchTiers(taxonomy, req('consideration'));
    expect(tiers[0].stageIds).toEqual(['b2b:consideration', 'b2c:consideration']);
    expect(tiers[1].stageIds).toEqual(['b2b:research']);
  });

  it('leaves retired stages out', () => {
    const t = buildTaxonomy({ stageOverrides: { 'b2b:selection': { retired: true } } });
    const tiers = matchTiers(t, { stages: resolveStage(t, 'b2b:research') });
    expect(tiers[2].stageIds).toEqual(['b2b:purchase', 'b2c:purchase']);
  });

  it('the request phase is the phase of the first resolved stage', () => {
    expect(requestPhase(req('b2c:purchase'))).toBe('decision');
  });
});

describe('rankCandidates', () => {
  it('orders by match: exact > phase > next phase > previous phase', () => {
    const list = [
      cand({ documentId: 'prev', stages: ['b2b:problem-recognition'] }),
      cand({ documentId: 'next', stages: ['b2b:selection'] }),
      cand({ documentId: 'phase', stages: ['b2c:consideration'] }),
      cand({ documentId: 'exact', stages: ['b2b:research'] }),
    ];
    const ranked = rankCandidates(taxonomy, req('b2b:research', 'b2b'), list);
    expect(order(ranked)).toEqual(['exact', 'phase', 'next', 'prev']);
    expect(ranked.map((r) => r.match)).toEqual(['exact', 'phase', 'adjacent', 'adjacent']);
  });

  it('match outranks newer publishedAt, audience and format', () => {
    const ranked = rankCandidates(taxonomy, req('b2b:research', 'b2b'), [
      cand({
        documentId: 'a',
        stages: ['b2b:consideration'],
        audience: 'b2b',
        format: 'whitepaper',
        publishedAt: '2025-01-01T00:00:00Z',
      }),
      cand({
        documentId: 'b',
        stages: ['b2b:research'],
        audience: 'both',
        format: 'demo',
        publishedAt: '2020-01-01T00:00:00Z',
      }),
    ]);
    expect(order(ranked)).toEqual(['b', 'a']);
  });

  it('an entry tagged with several stages ranks by its best one', () => {
    const ranked = rankCandidates(taxonomy, req('b2b:research', 'b2b'), [
      cand({ documentId: 'a', stages: ['b2b:consideration'], publishedAt: '2025-01-01T00:00:00Z' }),
      cand({
        documentId: 'b',
        stages: ['b2b:problem-recognition', 'b2b:research'],
        publishedAt: '2020-01-01T00:00:00Z',
      }),
    ]);
    expect(order(ranked)).toEqual(['b', 'a']);
    expect(ranked[0]).toMatchObject({ match: 'exact' });
    expect(ranked[0].reason).toContain('Research (B2B)');
  });

  it('audience exact > both within the same match', () => {
    const ranked = rankCandidates(taxonomy, req('b2b:research', 'b2b'), [
      cand({
        documentId: 'a',
        stages: ['b2b:research'],
        audience: 'both',
        publishedAt: '2025-01-01T00:00:00Z',
        format: 'whitepaper',
      }),
      cand({
        documentId: 'b',
        stages: ['b2b:research'],
        audience: 'b2b',
        publishedAt: '2020-01-01T00:00:00Z',
        format: 'demo',
      }),
    ]);
    expect(order(ranked)).toEqual(['b', 'a']);
  });

  it('entries of the other audience never match, even exact ones', () => {
    const ranked = rankCandidates(taxonomy, req('b2c:consideration', 'b2c'), [
      cand({ documentId: 'b2b-only', stages: ['b2c:consideration'], audience: 'b2b' }),
      cand({ documentId: 'both', stages: ['b2c:awareness'], audience: 'both' }),
      cand({ documentId: 'b2c', stages: ['b2b:research'], audience: 'b2c' }),
    ]);
    expect(order(ranked)).toEqual(['b2c', 'both']);
  });

  it('without an audience every audience matches and none is preferred', () => {
    const ranked = rankCandidates(taxonomy, req('b2b:research'), [
      cand({ documentId: 'c', stages: ['b2b:research'], audience: 'b2c' }),
      cand({ documentId: 'a', stages: ['b2b:research'], audience: 'both' }),
      cand({ documentId: 'b', stages: ['b2b:research'], audience: 'b2b' }),
    ]);
    expect(order(ranked)).toEqual(['c', 'b', 'a']); // all tied: documentId descending
  });

  it('format affinity for the requested phase breaks ties after audience', () => {
    const ranked = rankCandidates(taxonomy, req('b2b:research', 'b2b'), [
      cand({
        documentId: 'newer-demo',
        stages: ['b2b:research'],
        audience: 'b2b',
        format: 'demo',
        publishedAt: '2025-01-01T00:00:00Z',
      }),
      cand({
        documentId: 'older-whitepaper',
        stages: ['b2b:research'],
        audience: 'b2b',
        format: 'whitepaper',
        publishedAt: '2020-01-01T00:00:00Z',
      }),
      cand({
        documentId: 'both-whitepaper',
        stages: ['b2b:research'],
        audience: 'both',
        format: 'whitepaper',
        publishedAt: '2025-06-01T00:00:00Z',
      }),
    ]);
    expect(order(ranked)).toEqual(['older-whitepaper', 'newer-demo', 'both-whitepaper']);
  });

  it('format affinity is judged against the requested phase, not the matched stage phase', () => {
    // Both candidates match in the next phase (decision); a whitepaper suits consideration (the request), a demo does not.
    const ranked = rankCandidates(taxonomy, req('b2b:research', 'b2b'), [
      cand({ documentId: 'a', stages: ['b2b:selection'], format: 'demo' }),
      cand({ documentId: 'b', stages: ['b2b:selection'], format: 'whitepaper' }),
    ]);
    expect(order(ranked)).toEqual(['b', 'a']);
  });

  it('uses the affinity table it is given', () => {
    const affinity = { ...taxonomy.formatAffinity, consideration: ['demo'] };
    const ranked = rankCandidates(
      taxonomy,
      req('b2b:research', 'b2b'),
      [
        cand({ documentId: 'a', stages: ['b2b:research'], format: 'whitepaper' }),
        cand({ documentId: 'b', stages: ['b2b:research'], format: 'demo' }),
      ],
      affinity
    );
    expect(order(ranked)).toEqual(['b', 'a']);
  });

  it('newer publishedAt first, unpublished (null) last', () => {
    const ranked = rankCandidates(taxonomy, req('b2b:research', 'b2b'), [
      cand({ documentId: 'a', stages: ['b2b:research'], publishedAt: '2023-05-01T00:00:00.000Z' }),
      cand({ documentId: 'b', stages: ['b2b:research'], publishedAt: null }),
      cand({ documentId: 'c', stages: ['b2b:research'], publishedAt: '2024-05-01T00:00:00.000Z' }),
      cand({
        documentId: 'd',
        stages: ['b2b:research'],
        publishedAt: '2024-05-01T10:00:00.000+02:00',
      }),
    ]);
    // d is 08:00Z on 2024-05-01, newer than c (00:00Z)
    expect(order(ranked)).toEqual(['d', 'c', 'a', 'b']);
  });

  it('documentId, descending, breaks the last tie', () => {
    const ranked = rankCandidates(taxonomy, req('b2b:research', 'b2b'), [
      cand({ documentId: 'zeta', stages: ['b2b:research'] }),
      cand({ documentId: 'Alpha', stages: ['b2b:research'] }),
      cand({ documentId: 'alpha', stages: ['b2b:research'] }),
      cand({ documentId: 'beta', stages: ['b2b:research'] }),
    ]);
    expect(order(ranked)).toEqual(['zeta', 'beta', 'alpha', 'Alpha']);
  });

  it('drops candidates outside the phase and its neighbours, untagged ones and retired-only ones', () => {
    const t = buildTaxonomy({ stageOverrides: { 'b2b:selection': { retired: true } } });
    const ranked = rankCandidates(t, { stages: resolveStage(t, 'b2b:research'), audience: 'b2b' }, [
      cand({ documentId: 'retention', stages: ['b2b:post-purchase'] }),
      cand({ documentId: 'advocacy', stages: ['b2c:advocacy'] }),
      cand({ documentId: 'untagged', stages: [] }),
      cand({ documentId: 'retired', stages: ['b2b:selection'] }),
      cand({ documentId: 'unknown', stages: ['b2b:nope'] }),
      cand({ documentId: 'keep', stages: ['b2b:purchase'] }),
    ]);
    expect(order(ranked)).toEqual(['keep']);
  });

  it('decision widens to retention (next) before consideration (previous)', () => {
    const ranked = rankCandidates(taxonomy, req('b2c:purchase', 'b2c'), [
      cand({ documentId: 'a', stages: ['b2c:consideration'], publishedAt: '2025-01-01T00:00:00Z' }),
      cand({ documentId: 'b', stages: ['b2c:retention'], publishedAt: '2020-01-01T00:00:00Z' }),
      cand({ documentId: 'c', stages: ['b2c:awareness'] }),
      cand({ documentId: 'd', stages: ['b2c:advocacy'] }),
    ]);
    expect(order(ranked)).toEqual(['b', 'a']);
  });

  it('is deterministic whatever the input order', () => {
    const list: Candidate[] = [];
    const stages = [
      'b2b:research',
      'b2b:consideration',
      'b2c:consideration',
      'b2b:selection',
      'b2c:awareness',
      'b2c:retention',
    ];
    const audiences = ['b2b', 'both', 'b2c'] as const;
    const formats = [undefined, 'whitepaper', 'demo'];
    const dates = ['2024-01-01T00:00:00Z', '2024-06-01T00:00:00Z', null];
    let i = 0;
    for (const s of stages)
      for (const a of audiences)
        for (const f of formats)
          for (const d of dates) {
            list.push(
              cand({
                documentId: `d${(i * 37) % 997}`,
                stages: [s],
                audience: a,
                format: f,
                publishedAt: d,
              })
            );
            i++;
          }
    const r = req('b2b:research', 'b2b');
    const expected = order(rankCandidates(taxonomy, r, list));
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(list.length);
    for (const seed of [1, 2, 3, 42, 1234]) {
      expect(order(rankCandidates(taxonomy, r, shuffle(list, seed)))).toEqual(expected);
    }
    expect(order(rankCandidates(taxonomy, r, [...list].reverse()))).toEqual(expected);
  });

  it('does not mutate the input array', () => {
    const list = [
      cand({ documentId: 'b', stages: ['b2b:consideration'] }),
      cand({ documentId: 'a', stages: ['b2b:research'] }),
    ];
    const copy = [...list];
    rankCandidates(taxonomy, req('b2b:research', 'b2b'), list);
    expect(list).toEqual(copy);
  });

  it('returns the candidate object itself with match and a readable reason naming the matched stage', () => {
    const exact = cand({
      documentId: 'e',
      stages: ['b2b:research'],
      audience: 'b2b',
      format: 'whitepaper',
    });
    const phase = cand({
      documentId: 'p',
      stages: ['b2c:consideration'],
      audience: 'both',
      format: 'case-study',
    });
    const next = cand({ documentId: 'n', stages: ['b2b:purchase'], audience: 'both' });
    const prev = cand({
      documentId: 'v',
      stages: ['b2c:awareness'],
      audience: 'b2b',
      format: 'blog-post',
    });
    const ranked = rankCandidates(taxonomy, req('b2b:research', 'b2b'), [prev, next, phase, exact]);
    expect(ranked.map((r) => r.candidate)).toEqual([exact, phase, next, prev]);
    expect(ranked[0].candidate).toBe(exact);
    for (const r of ranked) {
      expect(typeof r.reason).toBe('string');
      expect(r.reason.length).toBeGreaterThan(10);
    }
    expect(ranked[0].reason).toContain('tagged Research (B2B), for B2B;');
    expect(ranked[0].reason).toMatch(/whitepaper suits consideration/);
    expect(ranked[1].reason).toContain('Consideration (B2C)');
    expect(ranked[1].reason).toMatch(/same phase/);
    expect(ranked[1].reason).toMatch(/both audiences/);
    expect(ranked[1].reason).toMatch(/case study is not a typical format for consideration/);
    expect(ranked[2].reason).toContain('Purchase (B2B)');
    expect(ranked[2].reason).toMatch(/next phase \(decision\)/);
    expect(ranked[3].reason).toContain('Awareness (B2C)');
    expect(ranked[3].reason).toMatch(/previous phase \(awareness\)/);
  });

  it('a bare key across frameworks (classic included) matches each resolved stage exactly', () => {
    const t = buildTaxonomy({
      frameworks: [PRESET_FRAMEWORKS.b2b, PRESET_FRAMEWORKS.b2c, PRESET_FRAMEWORKS.classic],
    });
    const r = { stages: resolveStage(t, 'awareness') };
    const ranked = rankCandidates(t, r, [
      cand({ documentId: 'a', stages: ['b2b:problem-recognition'] }),
      cand({ documentId: 'b', stages: ['classic:awareness'] }),
      cand({ documentId: 'c', stages: ['b2c:awareness'] }),
      cand({ documentId: 'd', stages: ['classic:consideration'] }),
    ]);
    expect(ranked.map((x) => [x.candidate.documentId, x.match])).toEqual([
      ['c', 'exact'],
      ['b', 'exact'],
      ['a', 'phase'],
      ['d', 'adjacent'],
    ]);
  });
});

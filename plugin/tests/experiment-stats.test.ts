import {
  chiSquareSurvival,
  experimentResult,
  liftInterval,
  normalCdf,
  normalQuantile,
  sampleRatioMismatch,
  sampleSizePerArm,
  twoProportionTest,
  wilsonInterval,
} from '../src/experiment-stats';

describe('normal distribution', () => {
  it('normalCdf matches tables, and keeps its digits in the far tails', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 12);
    expect(normalCdf(1.96)).toBeCloseTo(0.9750021, 7);
    expect(normalCdf(-3)).toBeCloseTo(0.001349898, 10);
    // 1 − Φ(8) is 6.22e-16 (scipy.stats.norm.sf(8)); computed as 1 − Φ it would be 0 or 1.1e-16.
    expect(normalCdf(-8) / 6.22096057427174e-16).toBeCloseTo(1, 6);
  });

  it('normalQuantile inverts it (Acklam), accurate to 1e-6', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 6);
    expect(normalQuantile(0.8)).toBeCloseTo(0.8416212, 6);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.3263479, 6); // lower tail branch
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.3613409, 5);
    expect(normalQuantile(0.5)).toBe(0);
    for (const p of [0.001, 0.02, 0.3, 0.7, 0.99, 0.9999])
      expect(normalCdf(normalQuantile(p))).toBeCloseTo(p, 8);
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(normalQuantile(1.5)).toBeNaN();
  });
});

describe('chi-square survival (regularized upper incomplete gamma)', () => {
  it('gives the tables’ critical values and scipy’s tails', () => {
    // Critical values at 5 %: 3.841 (df 1), 5.991 (df 2), 7.815 (df 3). scipy: .0500137, .0500116, .0499939.
    expect(chiSquareSurvival(3.841, 1)).toBeCloseTo(0.0500137, 6);
    expect(chiSquareSurvival(5.991, 2)).toBeCloseTo(0.0500116, 6);
    expect(chiSquareSurvival(7.815, 3)).toBeCloseTo(0.0499939, 6);
    // Both branches: series (x < a + 1) and continued fraction.
    expect(chiSquareSurvival(0.5, 4)).toBeCloseTo(0.973501, 6);
    expect(chiSquareSurvival(30, 10)).toBeCloseTo(0.000856641, 8);
    expect(chiSquareSurvival(100, 1) / 1.5239706048320995e-23).toBeCloseTo(1, 6);
    expect(chiSquareSurvival(0, 3)).toBe(1);
  });
});

describe('wilsonInterval', () => {
  it('has the known values, stays within [0, 1], and is null without trials', () => {
    // 10/100 at 95 %: center (0.1 + z²/200)/(1 + z²/100) = 0.11480, half-width 0.05957.
    const i = wilsonInterval({ successes: 10, trials: 100 })!;
    expect(i.low).toBeCloseTo(0.0552, 4);
    expect(i.high).toBeCloseTo(0.1744, 4);
    // 0/20: the Wald interval would be [0, 0]; Wilson's upper end is z²/(n + z²) = 0.1611.
    const zero = wilsonInterval({ successes: 0, trials: 20 })!;
    expect(zero.low).toBe(0);
    expect(zero.high).toBeCloseTo(0.1611, 4);
    expect(wilsonInterval({ successes: 20, trials: 20 })!.high).toBe(1);
    // 99 % is wider than 95 %.
    const wide = wilsonInterval({ successes: 10, trials: 100 }, 0.99)!;
    expect(wide.low).toBeLessThan(i.low);
    expect(wide.high).toBeGreaterThan(i.high);
    expect(wilsonInterval({ successes: 0, trials: 0 })).toBeNull();
  });
});

describe('twoProportionTest', () => {
  it('reproduces hand-computed pooled z-tests', () => {
    // 200/1000 vs 250/1000: pooled p = .225, se = √(.225·.775·(2/1000)) = .018675,
    // z = .05/.018675 = 2.6774, two-sided p = .00742.
    const t = twoProportionTest(
      { successes: 200, trials: 1000 },
      { successes: 250, trials: 1000 }
    )!;
    expect(t.difference).toBeCloseTo(0.05, 12);
    expect(t.z).toBeCloseTo(2.6774, 4);
    expect(t.pValue).toBeCloseTo(0.00742, 5);
    // 45/100 vs 60/100: pooled .525, se = √(.525·.475·.02) = .070622, z = 2.1240, p = .0337.
    const u = twoProportionTest({ successes: 45, trials: 100 }, { successes: 60, trials: 100 })!;
    expect(u.z).toBeCloseTo(2.124, 3);
    expect(u.pValue).toBeCloseTo(0.0337, 4);
    // Treatment worse than control: negative z, same p as the mirror case.
    const v = twoProportionTest(
      { successes: 250, trials: 1000 },
      { successes: 200, trials: 1000 }
    )!;
    expect(v.z).toBeCloseTo(-t.z, 12);
    expect(v.pValue).toBeCloseTo(t.pValue, 12);
  });

  it('is null without trials or without variance; caps successes at trials', () => {
    expect(twoProportionTest({ successes: 0, trials: 0 }, { successes: 1, trials: 10 })).toBeNull();
    expect(
      twoProportionTest({ successes: 0, trials: 10 }, { successes: 0, trials: 10 })
    ).toBeNull();
    const capped = twoProportionTest({ successes: 15, trials: 10 }, { successes: 5, trials: 10 })!;
    expect(capped.difference).toBeCloseTo(-0.5, 12);
  });
});

describe('liftInterval', () => {
  it('gives the risk ratio minus one with Katz’s log interval', () => {
    // 200/1000 → 250/1000: RR 1.25, se(ln RR) = √(1/250 − 1/1000 + 1/200 − 1/1000) = √.007 = .083666,
    // ln 1.25 ± 1.959964·.083666 → RR in [1.06095, 1.47275].
    const l = liftInterval({ successes: 200, trials: 1000 }, { successes: 250, trials: 1000 })!;
    expect(l.lift).toBeCloseTo(0.25, 12);
    expect(l.low).toBeCloseTo(0.06095, 4);
    expect(l.high).toBeCloseTo(0.47275, 4);
    expect(liftInterval({ successes: 0, trials: 100 }, { successes: 5, trials: 100 })).toBeNull();
    expect(liftInterval({ successes: 5, trials: 100 }, { successes: 0, trials: 100 })).toBeNull();
  });
});

describe('sampleSizePerArm', () => {
  it('matches the two-proportion formula by hand', () => {
    // .10 → .12, α .05, power .8: p̄ = .11; (1.959964·√(2·.11·.89) + 0.841621·√(.09 + .1056))²
    // = (0.867270 + 0.372219)² = 1.536333; / .0004 = 3840.8 → 3841 per arm.
    expect(sampleSizePerArm(0.1, 0.2)).toBe(3841);
    // .05 → .06 (a 20 % lift on a lower rate needs more): (1.959964·√(2·.055·.945) + 0.841621·√(.0475 + .0564))²
    // = (0.631917 + 0.271284)² = 0.815772; / .0001 = 8157.7 → 8158.
    expect(sampleSizePerArm(0.05, 0.2)).toBe(8158);
    // More power, or a smaller lift, needs more visitors.
    expect(sampleSizePerArm(0.1, 0.2, 0.05, 0.9)).toBeGreaterThan(3841);
    expect(sampleSizePerArm(0.1, 0.1)).toBeGreaterThan(3841);
  });

  it('refuses rates that are not rates', () => {
    expect(() => sampleSizePerArm(0, 0.2)).toThrow(RangeError);
    expect(() => sampleSizePerArm(0.9, 0.2)).toThrow(/not a different rate/);
    expect(() => sampleSizePerArm(0.1, 0)).toThrow(RangeError);
  });
});

describe('sampleRatioMismatch', () => {
  it('passes an even split and flags a 52/48 split of 10,000', () => {
    const even = sampleRatioMismatch([5000, 5000], [50, 50])!;
    expect(even).toEqual({ chiSquare: 0, degreesOfFreedom: 1, pValue: 1, mismatch: false });
    // (200² / 5000) · 2 = 16, df 1 → p = 6.33e-5 < .001.
    const off = sampleRatioMismatch([5200, 4800], [50, 50])!;
    expect(off.chiSquare).toBeCloseTo(16, 10);
    expect(off.pValue).toBeCloseTo(6.334e-5, 7);
    expect(off.mismatch).toBe(true);
  });

  it('compares with the configured percents, not an even split', () => {
    // 9000/1000 is exactly 90/10; on 50/50 it would be a gross mismatch.
    expect(sampleRatioMismatch([9000, 1000], [90, 10])!.mismatch).toBe(false);
    expect(sampleRatioMismatch([9000, 1000], [50, 50])!.mismatch).toBe(true);
    // A small drift within chance (5050/4950, χ² = 1, p = .32) is not flagged.
    const small = sampleRatioMismatch([5050, 4950], [50, 50])!;
    expect(small.pValue).toBeCloseTo(0.3173, 4);
    expect(small.mismatch).toBe(false);
    const three = sampleRatioMismatch([3400, 3300, 3300], [34, 33, 33])!;
    expect(three.degreesOfFreedom).toBe(2);
    expect(three.mismatch).toBe(false);
  });

  it('is null without data or with mismatched lengths', () => {
    expect(sampleRatioMismatch([0, 0], [50, 50])).toBeNull();
    expect(sampleRatioMismatch([10, 10], [50, 25, 25])).toBeNull();
    expect(sampleRatioMismatch([10], [100])).toBeNull();
  });
});

describe('experimentResult', () => {
  const experiment = {
    arms: [
      { id: 'journey', label: 'Journey', kind: 'journey' as const, percent: 50 },
      { id: 'newest', label: 'Newest', kind: 'newest' as const, percent: 50 },
    ],
    control: 'newest',
    minimumLift: 0.2,
  };

  it('rates per answer with intervals, compares every other arm with the control, both metrics', () => {
    const r = experimentResult(experiment, [
      { arm: 'newest', answers: 1000, views: 900, clicks: 200, progressions: 45 },
      { arm: 'journey', answers: 1000, views: 950, clicks: 250, progressions: 60 },
      { arm: 'none', answers: 5000, views: 0, clicks: 999, progressions: 0 }, // not in the experiment
    ]);
    expect(r.arms.map((a) => a.arm)).toEqual(['journey', 'newest']);
    expect(r.arms[0].clickRate).toBeCloseTo(0.25, 12);
    expect(r.arms[1].progressionRate).toBeCloseTo(0.045, 12);
    expect(r.arms[1].clickInterval).toEqual(wilsonInterval({ successes: 200, trials: 1000 }));
    expect(r.comparisons).toHaveLength(2);
    const click = r.comparisons.find((c) => c.metric === 'click')!;
    expect(click).toMatchObject({ arm: 'journey', versus: 'newest', significant: true });
    expect(click.lift).toBeCloseTo(0.25, 12);
    expect(click.pValue).toBeCloseTo(0.00742, 5);
    const progression = r.comparisons.find((c) => c.metric === 'progression')!;
    expect(progression.lift).toBeCloseTo(60 / 45 - 1, 12);
    expect(progression.significant).toBe(false);
    // Control click rate .20 and a 20 % lift: (1.959964·√(2·.22·.78) + .841621·√(.16 + .1824))²
    // = (1.148212 + 0.492474)² = 2.691850; / .04² = 1682.4 → 1683.
    expect(r.neededPerArm).toBe(1683);
    expect(r.enoughData).toBe(false);
    expect(r.srm!.mismatch).toBe(false);
  });

  it('says enough data once every arm has the needed answers, and flags a drifting split', () => {
    const enough = experimentResult(experiment, [
      { arm: 'newest', answers: 1700, views: 0, clicks: 340, progressions: 0 },
      { arm: 'journey', answers: 1683, views: 0, clicks: 400, progressions: 0 },
    ]);
    expect(enough.neededPerArm).toBe(1683); // control rate 340/1700 = .20, as above
    expect(enough.enoughData).toBe(true);
    const short = experimentResult(experiment, [
      { arm: 'newest', answers: 1700, views: 0, clicks: 340, progressions: 0 },
      { arm: 'journey', answers: 1682, views: 0, clicks: 400, progressions: 0 },
    ]);
    expect(short.enoughData).toBe(false);
    const drift = experimentResult(experiment, [
      { arm: 'newest', answers: 5200, views: 0, clicks: 1000, progressions: 0 },
      { arm: 'journey', answers: 4800, views: 0, clicks: 1000, progressions: 0 },
    ]);
    expect(drift.srm!.mismatch).toBe(true);
  });

  it('fills arms without counts with zeros, and knows nothing until the control has clicks', () => {
    const r = experimentResult(experiment, [
      { arm: 'journey', answers: 10, views: 10, clicks: 3, progressions: 1 },
    ]);
    expect(r.arms[1]).toEqual({
      arm: 'newest',
      answers: 0,
      views: 0,
      clicks: 0,
      progressions: 0,
      clickRate: null,
      clickInterval: null,
      progressionRate: null,
      progressionInterval: null,
    });
    expect(r.neededPerArm).toBeNull();
    expect(r.enoughData).toBe(false);
    expect(r.comparisons.every((c) => c.lift === null && c.pValue === null && !c.significant)).toBe(
      true
    );
    // Clicks above answers (a late click event) are capped for the binomial maths.
    const capped = experimentResult(experiment, [
      { arm: 'newest', answers: 10, views: 10, clicks: 12, progressions: 0 },
    ]);
    expect(capped.arms[1].clickRate).toBe(1);
  });
});

/**
 * The statistics of an A/B experiment's results: intervals for a rate, the
 * two-proportion test, the lift's interval, the sample size a lift needs, and the
 * sample-ratio check. No dependencies: the admin page and the server share it.
 */
import type { Experiment } from './experiments';

// ---------------------------------------------------------------------------
// Distributions
// ---------------------------------------------------------------------------

/** ln Γ(x) for x > 0 (Lanczos, g = 7, nine terms: about 15 significant digits). */
const LANCZOS = [
  0.9999999999998099, 676.5203681218851, -1259.1392167224028, 771.3234287776531,
  -176.61503916999186, 12.507343278686905, -0.13857109526572012, 9.984369578019572e-6,
  1.5056327351493116e-7,
];
const lnGamma = (x: number): number => {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  const y = x - 1;
  let sum = LANCZOS[0];
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i] / (y + i);
  const t = y + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(sum);
};

const EPS = 1e-15;
const MAX_ITERATIONS = 1000;

/** P(a, x) by its power series; converges fast for x < a + 1. */
const lowerGammaSeries = (a: number, x: number): number => {
  let term = 1 / a;
  let sum = term;
  for (let n = 1; n < MAX_ITERATIONS; n++) {
    term *= x / (a + n);
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * EPS) break;
  }
  return sum * Math.exp(-x + a * Math.log(x) - lnGamma(a));
};

/** Q(a, x) by its continued fraction (modified Lentz); converges fast for x >= a + 1. */
const upperGammaFraction = (a: number, x: number): number => {
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let n = 1; n < MAX_ITERATIONS; n++) {
    const an = -n * (n - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) < EPS) break;
  }
  return h * Math.exp(-x + a * Math.log(x) - lnGamma(a));
};

/**
 * The regularized upper incomplete gamma Q(a, x) = Γ(a, x) / Γ(a). Each branch is
 * used where it converges, and the small one is computed directly (not as 1 − the
 * other), so tail probabilities keep their digits.
 */
export const upperGamma = (a: number, x: number): number => {
  if (!(a > 0) || !(x >= 0)) return NaN;
  if (x === 0) return 1;
  if (x === Infinity) return 0;
  return x < a + 1 ? 1 - lowerGammaSeries(a, x) : upperGammaFraction(a, x);
};

/** P(X ≥ x) for a chi-square variable with `df` degrees of freedom. */
export const chiSquareSurvival = (x: number, df: number): number =>
  x <= 0 ? 1 : upperGamma(df / 2, x / 2);

/** P(Z > z), accurate in the far tail (a p-value of 1e-12 keeps its digits). */
const normalSurvival = (z: number): number => {
  // For a standard normal Z, Z²/2 is Gamma(1/2): P(|Z| > z) = Q(1/2, z²/2).
  const twoSided = upperGamma(0.5, (z * z) / 2);
  return z >= 0 ? twoSided / 2 : 1 - twoSided / 2;
};

/** Φ(z), the standard normal distribution function. */
export const normalCdf = (z: number): number => {
  if (Number.isNaN(z)) return NaN;
  // Φ(z) = P(Z > −z): the lower tail keeps its digits too.
  return normalSurvival(-z);
};

// Acklam's rational approximations (relative error below 1.15e-9).
const A = [
  -3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2,
  -3.066479806614716e1, 2.506628277459239,
];
const B = [
  -5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1,
  -1.328068155288572e1,
];
const C = [
  -7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734,
  4.374664141464968, 2.938163982698783,
];
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
const P_LOW = 0.02425;

/** Φ⁻¹(p): the z with Φ(z) = p (Acklam's algorithm); ±Infinity at 0 and 1, NaN outside. */
export const normalQuantile = (p: number): number => {
  if (!(p >= 0 && p <= 1)) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p < P_LOW) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) /
      ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1)
    );
  }
  if (p > 1 - P_LOW) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q) /
    (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1)
  );
};

/** The z of a two-sided interval: 1.959964 for 95 %. */
const twoSidedZ = (confidence: number): number => {
  if (!(confidence > 0 && confidence < 1))
    throw new RangeError(`confidence must be between 0 and 1; got ${confidence}`);
  return normalQuantile(1 - (1 - confidence) / 2);
};

// ---------------------------------------------------------------------------
// Proportions
// ---------------------------------------------------------------------------

export interface Proportion {
  successes: number;
  trials: number;
}

export interface Interval {
  low: number;
  high: number;
}

/** Successes within 0..trials, so a miscounted row cannot give a rate above 1. */
const clean = (p: Proportion): Proportion => {
  const trials = Math.max(0, Math.floor(p.trials) || 0);
  return { trials, successes: Math.min(trials, Math.max(0, Math.floor(p.successes) || 0)) };
};

/**
 * Wilson's score interval: unlike p ± z·√(pq/n) it stays within [0, 1] and does
 * not collapse to a point at 0 or n successes, which small arms often have.
 */
export const wilsonInterval = (p: Proportion, confidence = 0.95): Interval | null => {
  const { successes, trials: n } = clean(p);
  if (n === 0) return null;
  const z = twoSidedZ(confidence);
  const rate = successes / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const center = (rate + z2 / (2 * n)) / denominator;
  const half = (z * Math.sqrt((rate * (1 - rate)) / n + z2 / (4 * n * n))) / denominator;
  return { low: Math.max(0, center - half), high: Math.min(1, center + half) };
};

/**
 * Pooled two-proportion z-test, two-sided: treatment `b` against control `a`.
 * Null when an arm has no trials or both rates are 0 (or both 1): no variance, no test.
 */
export const twoProportionTest = (
  a: Proportion,
  b: Proportion
): { difference: number; z: number; pValue: number } | null => {
  const ca = clean(a);
  const cb = clean(b);
  if (ca.trials === 0 || cb.trials === 0) return null;
  const pa = ca.successes / ca.trials;
  const pb = cb.successes / cb.trials;
  const pooled = (ca.successes + cb.successes) / (ca.trials + cb.trials);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / ca.trials + 1 / cb.trials));
  if (!(se > 0)) return null;
  const z = (pb - pa) / se;
  return { difference: pb - pa, z, pValue: Math.min(1, 2 * normalSurvival(Math.abs(z))) };
};

/**
 * Relative lift b/a − 1 with a confidence interval from the log of the risk ratio
 * (Katz): se(ln RR) = √(1/s_b − 1/n_b + 1/s_a − 1/n_a). Null when either rate is 0
 * (the ratio or its log is undefined) or an arm has no trials.
 */
export const liftInterval = (
  a: Proportion,
  b: Proportion,
  confidence = 0.95
): { lift: number; low: number; high: number } | null => {
  const ca = clean(a);
  const cb = clean(b);
  if (ca.successes === 0 || cb.successes === 0) return null;
  const z = twoSidedZ(confidence);
  const ratio = cb.successes / cb.trials / (ca.successes / ca.trials);
  const se = Math.sqrt(1 / cb.successes - 1 / cb.trials + (1 / ca.successes - 1 / ca.trials));
  const log = Math.log(ratio);
  return {
    lift: ratio - 1,
    low: Math.exp(log - z * se) - 1,
    high: Math.exp(log + z * se) - 1,
  };
};

/**
 * Trials per arm needed to detect a rate moving from `baselineRate` to
 * baselineRate·(1 + relativeLift) with a two-sided test at `alpha` and `power`:
 * n = (z_{1−α/2}·√(2p̄q̄) + z_{power}·√(p1q1 + p2q2))² / (p2 − p1)², rounded up.
 * Throws a RangeError when that target rate is not a rate (≤ 0 or ≥ 1) or nothing moves.
 */
export const sampleSizePerArm = (
  baselineRate: number,
  relativeLift: number,
  alpha = 0.05,
  power = 0.8
): number => {
  const p1 = baselineRate;
  const p2 = baselineRate * (1 + relativeLift);
  if (!(p1 > 0 && p1 < 1)) throw new RangeError(`baselineRate must be in (0, 1); got ${p1}`);
  if (!(p2 > 0 && p2 < 1) || p2 === p1)
    throw new RangeError(
      `a relative lift of ${relativeLift} on ${p1} gives ${p2}, which is not a different rate in (0, 1)`
    );
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must be in (0, 1); got ${alpha}`);
  if (!(power > 0 && power < 1)) throw new RangeError(`power must be in (0, 1); got ${power}`);
  const mean = (p1 + p2) / 2;
  const zAlpha = normalQuantile(1 - alpha / 2);
  const zPower = normalQuantile(power);
  const root =
    zAlpha * Math.sqrt(2 * mean * (1 - mean)) + zPower * Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2));
  // The small epsilon keeps 3841.0000000001 (float noise) from becoming 3842.
  return Math.ceil((root * root) / ((p2 - p1) * (p2 - p1)) - 1e-9);
};

/** Below this p-value a split is called broken: the threshold SRM checks commonly use. */
export const SRM_THRESHOLD = 0.001;

/**
 * Chi-square goodness of fit of the trials each arm got to the configured percents.
 * A mismatch means assignment or counting is broken (a cached URL serving one arm,
 * a bot hitting one arm), and the results should not be trusted until it is found.
 * Null without at least two arms of matching lengths and some trials.
 */
export const sampleRatioMismatch = (
  observed: number[],
  percents: number[]
): { chiSquare: number; degreesOfFreedom: number; pValue: number; mismatch: boolean } | null => {
  if (observed.length < 2 || observed.length !== percents.length) return null;
  if (percents.some((p) => !(p > 0))) return null;
  const total = observed.reduce((s, o) => s + o, 0);
  if (!(total > 0)) return null;
  const percentSum = percents.reduce((s, p) => s + p, 0);
  let chiSquare = 0;
  observed.forEach((o, i) => {
    const expected = (total * percents[i]) / percentSum;
    chiSquare += ((o - expected) * (o - expected)) / expected;
  });
  const degreesOfFreedom = observed.length - 1;
  const pValue = chiSquareSurvival(chiSquare, degreesOfFreedom);
  return { chiSquare, degreesOfFreedom, pValue, mismatch: pValue < SRM_THRESHOLD };
};

// ---------------------------------------------------------------------------
// An experiment's results
// ---------------------------------------------------------------------------

export interface ArmCounts {
  arm: string;
  /** Recommend answers served with this arm: the trials. */
  answers: number;
  views: number;
  clicks: number;
  progressions: number;
}

export interface ArmResult extends ArmCounts {
  clickRate: number | null;
  clickInterval: Interval | null;
  progressionRate: number | null;
  progressionInterval: Interval | null;
}

export interface Comparison {
  arm: string;
  versus: string;
  metric: 'click' | 'progression';
  lift: number | null;
  low: number | null;
  high: number | null;
  pValue: number | null;
  significant: boolean;
}

export interface ExperimentResult {
  arms: ArmResult[];
  comparisons: Comparison[];
  neededPerArm: number | null;
  enoughData: boolean;
  srm: ReturnType<typeof sampleRatioMismatch>;
}

/** Two-sided significance level of the comparisons. */
export const SIGNIFICANCE = 0.05;

const METRICS = [
  { metric: 'click', count: 'clicks' },
  { metric: 'progression', count: 'progressions' },
] as const;

const rateOf = (successes: number, trials: number) =>
  trials > 0 ? Math.min(successes, trials) / trials : null;

/**
 * Per arm: click-through and progression rates per answer with Wilson intervals;
 * every other arm against the control, for both metrics; the answers each arm still
 * needs; the sample-ratio check. Counts for arms the experiment does not have (the
 * "not in the experiment" requests) are left out: they were never randomized.
 * `significant` is p < 0.05 as soon as there is data; the page should show
 * "not enough data yet" instead of a verdict until `enoughData` (peeking at an
 * early p-value inflates false positives).
 */
export const experimentResult = (
  experiment: Pick<Experiment, 'arms' | 'control' | 'minimumLift'>,
  counts: ArmCounts[]
): ExperimentResult => {
  const byArm = new Map(counts.map((c) => [c.arm, c]));
  const arms: ArmResult[] = experiment.arms.map(({ id }) => {
    const c = byArm.get(id);
    const answers = Math.max(0, c?.answers ?? 0);
    const clicks = Math.max(0, c?.clicks ?? 0);
    const progressions = Math.max(0, c?.progressions ?? 0);
    return {
      arm: id,
      answers,
      views: Math.max(0, c?.views ?? 0),
      clicks,
      progressions,
      clickRate: rateOf(clicks, answers),
      clickInterval: wilsonInterval({ successes: clicks, trials: answers }),
      progressionRate: rateOf(progressions, answers),
      progressionInterval: wilsonInterval({ successes: progressions, trials: answers }),
    };
  });
  const control = arms.find((a) => a.arm === experiment.control) ?? arms[0];
  const comparisons: Comparison[] = [];
  for (const arm of arms) {
    if (arm === control) continue;
    for (const { metric, count } of METRICS) {
      const a = { successes: control[count], trials: control.answers };
      const b = { successes: arm[count], trials: arm.answers };
      const lift = liftInterval(a, b);
      const test = twoProportionTest(a, b);
      comparisons.push({
        arm: arm.arm,
        versus: control.arm,
        metric,
        lift: lift?.lift ?? null,
        low: lift?.low ?? null,
        high: lift?.high ?? null,
        pValue: test?.pValue ?? null,
        significant: test !== null && test.pValue < SIGNIFICANCE,
      });
    }
  }
  let neededPerArm: number | null = null;
  if (control?.clickRate) {
    try {
      neededPerArm = sampleSizePerArm(control.clickRate, experiment.minimumLift);
    } catch {
      // The lift would take the rate to 1 or beyond: no sample size detects it.
      neededPerArm = null;
    }
  }
  return {
    arms,
    comparisons,
    neededPerArm,
    enoughData: neededPerArm !== null && arms.every((a) => a.answers >= neededPerArm),
    srm: sampleRatioMismatch(
      arms.map((a) => a.answers),
      experiment.arms.map((a) => a.percent)
    ),
  };
};

/** mulberry32: a small deterministic PRNG, so a failing generated run can be replayed from its seed. */
export const prng = (seed: number) => {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];
  /** k distinct items of xs, in random order. */
  const sample = <T>(xs: readonly T[], k: number): T[] => {
    const pool = [...xs];
    const out: T[] = [];
    while (out.length < k && pool.length) out.push(pool.splice(int(pool.length), 1)[0]);
    return out;
  };
  return { next, int, pick, sample, chance: (p: number) => next() < p };
};

/** The seed of a generated run: JOURNEY_TEST_SEED replays one, otherwise a fresh one. */
export const runSeed = () =>
  process.env.JOURNEY_TEST_SEED
    ? Number(process.env.JOURNEY_TEST_SEED)
    : Math.floor(Math.random() * 2 ** 31);

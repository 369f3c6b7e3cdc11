// Timing comparisons for "takes as long" tests on a shared, busy machine. A and B run back to back
// in pairs (alternating which goes first), so load changes hit both; the statistic is the median
// of the pairs' differences. Pairs are taken in batches until that median is within `within` ms or
// `maxPairs` pairs are in: noise shrinks with more pairs, a real difference stays.
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export interface PairedTiming {
  medianA: number;
  medianB: number;
  /** Median of (A − B) over the pairs. */
  medianDifference: number;
  pairs: number;
}

export async function pairedTiming(
  a: (i: number) => Promise<void>,
  b: (i: number) => Promise<void>,
  opts: { batch?: number; maxPairs?: number; within: number },
): Promise<PairedTiming> {
  const batch = opts.batch ?? 20;
  const maxPairs = opts.maxPairs ?? 4 * batch;
  const ta: number[] = [];
  const tb: number[] = [];
  const time = async (f: (i: number) => Promise<void>, i: number) => {
    const started = performance.now();
    await f(i);
    return performance.now() - started;
  };
  for (;;) {
    for (let k = 0; k < batch; k++) {
      const i = ta.length;
      if (i % 2) {
        ta.push(await time(a, i));
        tb.push(await time(b, i));
      } else {
        tb.push(await time(b, i));
        ta.push(await time(a, i));
      }
    }
    const medianDifference = median(ta.map((x, i) => x - tb[i]!));
    if (Math.abs(medianDifference) <= opts.within || ta.length >= maxPairs) {
      return { medianA: median(ta), medianB: median(tb), medianDifference, pairs: ta.length };
    }
  }
}

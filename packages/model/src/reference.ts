/**
 * The reference distribution an artifact carries for drift monitoring: the model's scores on its
 * test week as a histogram over [0, 1], and quantiles of key features. Validated at load, so that a
 * drift monitor can trust the buckets without checking them again.
 */
import { z } from 'zod';

const finite = z.number().finite();

export const scoreHistogramSchema = z
  .strictObject({
    edges: z.array(finite).min(2).readonly(),
    counts: z.array(z.number().int().nonnegative()).readonly(),
  })
  .superRefine(({ edges, counts }, ctx) => {
    if (edges[0] !== 0 || edges.at(-1) !== 1) {
      ctx.addIssue({ code: 'custom', message: 'edges must run from 0 to 1', path: ['edges'] });
    }
    const falling = edges.findIndex((edge, i) => i > 0 && edge <= edges[i - 1]!);
    if (falling > 0) ctx.addIssue({ code: 'custom', message: 'edges must increase', path: ['edges', falling] });
    if (counts.length !== edges.length - 1) {
      ctx.addIssue({
        code: 'custom',
        message: `counts has ${counts.length} buckets, edges define ${edges.length - 1}`,
        path: ['counts'],
      });
    }
    // An empty reference would make every proportion 0/0.
    if (!counts.some((c) => c > 0)) ctx.addIssue({ code: 'custom', message: 'counts must not all be 0', path: ['counts'] });
  });

const quantilesSchema = z.strictObject({
  probabilities: z.array(finite.min(0).max(1)).readonly(),
  values: z.array(finite).readonly(),
});

export const modelReferenceSchema = z.strictObject({
  scoreHistogram: scoreHistogramSchema,
  featureQuantiles: z.record(z.string(), quantilesSchema),
});

/**
 * The bucket of `score`: bucket i is [edges[i], edges[i + 1]), the last one closed at 1; scores
 * outside [0, 1] land in the end buckets. A binary search without allocation: it runs per score.
 */
export function scoreBucket(edges: readonly number[], score: number): number {
  let lo = 0;
  let hi = edges.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (score >= edges[mid]!) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

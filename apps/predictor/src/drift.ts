/**
 * Score drift: the population stability index (PSI) of the last N scores against the score
 * histogram the model carries from its test week. Scoring pays O(1) per score and allocates
 * nothing (a bucket search, a ring buffer slot, two counter updates); the PSI is summed over the
 * buckets only when asked, i.e. at scrape time.
 */
import { scoreBucket, type ScoreHistogram } from '@fraudwatch/model';

/** Scores needed before the PSI means anything; a smaller window needs only a full window. */
export const MIN_DRIFT_SCORES = 500;

/**
 * Stands in for an empty bucket's proportion (live or reference), where ln(a/e) would be infinite.
 * 1e-4 is the usual choice: an empty rare bucket then adds almost nothing.
 */
const EPSILON = 1e-4;

export interface ScoreDriftOptions {
  readonly reference: ScoreHistogram;
  /** How many of the latest scores the PSI compares. */
  readonly window: number;
}

export interface ScoreDrift {
  /** Accounts for one score; the oldest leaves the window once it is full. */
  observe(score: number): void;
  /** The PSI over the window, or undefined until min(window, MIN_DRIFT_SCORES) scores were seen. */
  psi(): number | undefined;
}

export function createScoreDrift({ reference, window }: ScoreDriftOptions): ScoreDrift {
  const { edges, counts } = reference;
  const total = counts.reduce((sum, c) => sum + c, 0);
  const expected = Float64Array.from(counts, (c) => Math.max(c / total, EPSILON));
  const live = new Uint32Array(counts.length);
  // The bucket of each score in the window, oldest at `next` once the window is full.
  const ring = new Uint32Array(window);
  const minScores = Math.min(window, MIN_DRIFT_SCORES);
  let next = 0;
  let filled = 0;

  return {
    observe(score) {
      const bucket = scoreBucket(edges, score);
      if (filled === window) live[ring[next]!]! -= 1;
      else filled += 1;
      ring[next] = bucket;
      live[bucket]! += 1;
      next = next + 1 === window ? 0 : next + 1;
    },
    psi() {
      if (filled < minScores) return undefined;
      let psi = 0;
      for (let i = 0; i < expected.length; i++) {
        const a = Math.max(live[i]! / filled, EPSILON);
        const e = expected[i]!;
        psi += (a - e) * Math.log(a / e);
      }
      return psi;
    },
  };
}

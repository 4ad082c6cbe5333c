import { describe, expect, it } from 'vitest';
import { aucRoc, averagePrecision, bestF1Threshold, cardPrecisionAtK, type ScoredTransaction } from '../src/evaluation.js';

/** One day's scored transactions, each as [customerId, score, isFraud]. */
function day(d: number, ...cards: [number, number, boolean][]): ScoredTransaction[] {
  return cards.map(([customerId, score, isFraud]) => ({ day: d, customerId, score, isFraud }));
}

describe('ranking metrics', () => {
  const scores = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4];
  const labels = [true, false, true, false, false, true];

  it('AUC ROC counts correctly ordered positive/negative pairs', () => {
    // Positives at ranks 1, 3, 6: pairs above the 3 negatives: 3 + 2 + 0 = 5 of 9.
    expect(aucRoc(scores, labels)).toBeCloseTo(5 / 9, 12);
    expect(aucRoc([1, 1], [true, false])).toBe(0.5);
    expect(aucRoc([1, 0], [true, true])).toBeNaN();
  });

  it('average precision averages the precision at each positive', () => {
    expect(averagePrecision(scores, labels)).toBeCloseTo((1 / 1 + 2 / 3 + 3 / 6) / 3, 12);
    // Ties form one threshold: a tie of one positive and one negative at the top is precision 1/2.
    expect(averagePrecision([0.5, 0.5], [true, false])).toBe(0.5);
  });

  it('card precision@k takes each card once per day at its highest score, averaged over days', () => {
    const rows = [
      ...day(1, [1, 0.9, false], [1, 0.1, true], [2, 0.8, false], [3, 0.2, true]),
      ...day(2, [1, 0.3, true], [2, 0.2, false]),
    ];
    // Day 1 top 2: card 1 (fraud, now detected), card 2 (legit) → 1/2. Day 2 without card 1:
    // card 2 (legit) → 0/2. Counting card 1 again on day 2 would give 1/2 there.
    expect(cardPrecisionAtK(rows, 2)).toBeCloseTo(0.25, 12);
    expect(cardPrecisionAtK(rows, 1)).toBeCloseTo(0.5, 12);
  });

  it('card precision@k takes the days in date order, whatever the row order, and keeps legit top cards', () => {
    const rows = [
      ...day(2, [1, 0.9, true], [2, 0.5, false]),
      ...day(1, [1, 0.9, true], [2, 0.8, false], [3, 0.1, true]),
      ...day(3, [2, 0.5, true]),
    ];
    // Day 1: card 1 (fraud, detected), card 2 (legit, stays) → 1/2; day 2 without card 1: card 2 → 0;
    // day 3: card 2 (fraud) → 1/2.
    expect(cardPrecisionAtK(rows, 2)).toBeCloseTo((0.5 + 0 + 0.5) / 3, 12);
  });

  it('picks the F1-best threshold', () => {
    const best = bestF1Threshold([0.9, 0.8, 0.3, 0.2], [true, true, false, true]);
    // Flag ≥ 0.8: P 1, R 2/3, F1 0.8; flag ≥ 0.2: P 3/4, R 1, F1 6/7.
    expect(best.threshold).toBe(0.2);
    expect(best.f1).toBeCloseTo(6 / 7, 12);
  });
});

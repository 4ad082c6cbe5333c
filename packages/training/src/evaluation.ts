/** Ranking metrics of the handbook's protocol: AUC ROC, average precision, card precision@k. */
import type { Row } from './replay.js';

/** Indices of `scores` from highest to lowest score. */
function byScoreDescending(scores: ArrayLike<number>): number[] {
  return Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
}

/** Area under the ROC curve; tied scores count one half (the Mann–Whitney statistic). */
export function aucRoc(scores: ArrayLike<number>, labels: ArrayLike<boolean>): number {
  const order = byScoreDescending(scores);
  let positives = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i]) positives++;
  const negatives = labels.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  let area = 0;
  let positivesAbove = 0;
  for (let i = 0; i < order.length; ) {
    let tiePositives = 0;
    let tieNegatives = 0;
    const score = scores[order[i]!]!;
    for (; i < order.length && scores[order[i]!] === score; i++) {
      if (labels[order[i]!]) tiePositives++;
      else tieNegatives++;
    }
    area += tieNegatives * (positivesAbove + tiePositives / 2);
    positivesAbove += tiePositives;
  }
  return area / (positives * negatives);
}

/** Average precision: the mean of the precision at each threshold weighted by the recall it adds (ties form one threshold). */
export function averagePrecision(scores: ArrayLike<number>, labels: ArrayLike<boolean>): number {
  const order = byScoreDescending(scores);
  let positives = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i]) positives++;
  if (positives === 0) return Number.NaN;
  let truePositives = 0;
  let sum = 0;
  for (let i = 0; i < order.length; ) {
    const score = scores[order[i]!]!;
    let tiePositives = 0;
    for (; i < order.length && scores[order[i]!] === score; i++) if (labels[order[i]!]) tiePositives++;
    truePositives += tiePositives;
    sum += (tiePositives / positives) * (truePositives / i);
  }
  return sum;
}

export interface ScoredTransaction {
  readonly day: number;
  readonly customerId: number;
  readonly score: number;
  readonly isFraud: boolean;
}

/**
 * Card precision@k as the handbook computes it (`remove_detected_compromised_cards=True`): day by
 * day in date order, each card's score is its highest transaction score and it is fraud if any of
 * its transactions is; the share of frauds among the k top cards is that day's precision. A fraud
 * card in a day's top k counts as detected and is left out of every later day, since investigators
 * would already have blocked it. The result is the mean over days.
 */
export function cardPrecisionAtK(rows: readonly ScoredTransaction[], k: number): number {
  const days = new Map<number, Map<number, { score: number; isFraud: boolean }>>();
  for (const r of rows) {
    let cards = days.get(r.day);
    if (!cards) days.set(r.day, (cards = new Map()));
    const card = cards.get(r.customerId);
    if (!card) cards.set(r.customerId, { score: r.score, isFraud: r.isFraud });
    else {
      card.score = Math.max(card.score, r.score);
      card.isFraud ||= r.isFraud;
    }
  }
  if (days.size === 0) return Number.NaN;
  const detected = new Set<number>();
  let total = 0;
  for (const day of [...days.keys()].sort((a, b) => a - b)) {
    const top = [...days.get(day)!]
      .filter(([customerId]) => !detected.has(customerId))
      .sort(([, a], [, b]) => b.score - a.score)
      .slice(0, k);
    for (const [customerId, card] of top) if (card.isFraud) detected.add(customerId);
    total += top.filter(([, card]) => card.isFraud).length / k;
  }
  return total / days.size;
}

/** The threshold that maximises F1 (flag when score ≥ threshold), with that F1. */
export function bestF1Threshold(scores: ArrayLike<number>, labels: ArrayLike<boolean>): { threshold: number; f1: number } {
  const order = byScoreDescending(scores);
  let positives = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i]) positives++;
  let best = { threshold: 0.5, f1: 0 };
  let truePositives = 0;
  for (let i = 0; i < order.length; ) {
    const score = scores[order[i]!]!;
    for (; i < order.length && scores[order[i]!] === score; i++) if (labels[order[i]!]) truePositives++;
    const f1 = (2 * truePositives) / (i + positives);
    if (f1 > best.f1) best = { threshold: score, f1 };
  }
  return best;
}

export interface Evaluation {
  readonly aucRoc: number;
  readonly averagePrecision: number;
  readonly cardPrecisionAt100: number;
  readonly transactions: number;
  readonly frauds: number;
}

/** The handbook's three measures of `scores` (one per row) on the rows of a test period. */
export function evaluate(rows: readonly Row[], scores: Float64Array): Evaluation {
  const labels = rows.map((r) => r.isFraud);
  return {
    aucRoc: aucRoc(scores, labels),
    averagePrecision: averagePrecision(scores, labels),
    cardPrecisionAt100: cardPrecisionAtK(
      rows.map((r, i) => ({ day: r.day, customerId: r.customerId, score: scores[i]!, isFraud: r.isFraud })),
      100,
    ),
    transactions: rows.length,
    frauds: labels.filter(Boolean).length,
  };
}

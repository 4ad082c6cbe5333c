/** The evaluation a training command prints: its model on both weeks beside the handbook's baselines. */
import type { Evaluation } from '../evaluation.js';

/** Le Borgne et al., Fraud Detection Handbook, baseline results on the same protocol. */
const HANDBOOK = [
  { model: 'handbook logistic regression', auc: 0.871, ap: 0.606, cp: 0.291 },
  { model: 'handbook random forest', auc: 0.867, ap: 0.658, cp: 0.287 },
  { model: 'handbook XGBoost', auc: 0.862, ap: 0.639, cp: 0.273 },
];

const row = (model: string, auc: number, ap: number, cp: number): string =>
  `| ${model.padEnd(36)} | ${auc.toFixed(3)} | ${ap.toFixed(3)} | ${cp.toFixed(3)} |`;

export function printEvaluation(
  label: string,
  { validation, test, threshold }: { readonly validation: Evaluation; readonly test: Evaluation; readonly threshold: number },
  seconds: number,
): void {
  const ours = (week: string, e: Evaluation): string => row(`${label} (${week} week)`, e.aucRoc, e.averagePrecision, e.cardPrecisionAt100);
  console.log(`| ${'model'.padEnd(36)} | AUC   | AP    | CP@100 |`);
  console.log(`|${'-'.repeat(38)}|-------|-------|--------|`);
  console.log(ours('test', test));
  console.log(ours('validation', validation));
  for (const h of HANDBOOK) console.log(row(h.model, h.auc, h.ap, h.cp));
  console.log(`test: ${test.transactions} transactions, ${test.frauds} frauds; threshold ${threshold.toFixed(4)} (best F1 on validation); ${seconds.toFixed(1)} s`);
}

/** The simulated transactions the benchmark sends, and the traffic that fills every metric series. */
import { toTransactionInput } from '@fraudwatch/model';
import { simulate, type LabelledTransaction } from '@fraudwatch/simulator';

/** Enough distinct transactions that cycling through them does not replay the same few. */
const TRANSACTIONS = 60_000;
// The handbook's population makes about 10,000 transactions a simulated day.
const SIMULATED_DAYS = 10;
const LABELS_PER_CLASS = 20;

export function loadTransactions(count = TRANSACTIONS): LabelledTransaction[] {
  const transactions: LabelledTransaction[] = [];
  for (const tx of simulate({ days: SIMULATED_DAYS })) {
    if (transactions.length === count) break;
    transactions.push(tx);
  }
  return transactions;
}

async function post(url: string, body: unknown): Promise<number> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  await res.arrayBuffer();
  return res.status;
}

function feedbackLabel(tx: LabelledTransaction): Record<string, unknown> {
  const { tx_amount: _amount, ...identity } = toTransactionInput(tx);
  return { ...identity, is_fraud: tx.isFraud };
}

/**
 * Feedback labels for transactions already scored (predictor_feedback_total) and two rejected
 * requests (4xx status codes, the `unmatched` route), so a scrape pays for every series it can have.
 */
export async function populateEverySeries(url: string, scored: readonly LabelledTransaction[]): Promise<void> {
  const labelled = [
    ...scored.filter((tx) => tx.isFraud).slice(0, LABELS_PER_CLASS),
    ...scored.filter((tx) => !tx.isFraud).slice(0, LABELS_PER_CLASS),
  ];
  const feedback = await post(`${url}/v1/feedback`, { labels: labelled.map(feedbackLabel) });
  if (feedback !== 202) throw new Error(`POST /v1/feedback answered ${feedback}, expected 202`);
  await post(`${url}/v1/predict`, { transaction_id: -1 });
  await (await fetch(`${url}/no-such-route`)).arrayBuffer();
}

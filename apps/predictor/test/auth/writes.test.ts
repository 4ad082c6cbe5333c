/**
 * What a key without the role cannot change: fraud labels from a score-only key leave the
 * terminal's risk and every counter alone (label poisoning), and a reset-terminal transaction
 * resets alert_counter only under a key holding alert-reset.
 */
import { FEATURE_NAMES, type Transaction } from '@fraudwatch/model';
import { afterEach, describe, expect, it } from 'vitest';
import { FRAUD_AMOUNT, LEGIT_AMOUNT, postJson, transaction } from '../helpers.js';
import { observableState } from '../reliability/state.js';
import { resetter, scorer, labeller, startKeyedPredictor, type KeyedPredictor } from './keyed-predictor.js';
import { newToken, type TestKey } from './keys.js';

const started: KeyedPredictor[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((k) => k.close()));
});

async function keyed(env: Record<string, string> = {}): Promise<KeyedPredictor> {
  const k = await startKeyedPredictor(undefined, { env });
  started.push(k);
  return k;
}

const bearer = (key: TestKey | string) => ({ authorization: `Bearer ${typeof key === 'string' ? key : key.token}` });

describe('label poisoning', () => {
  const TERMINAL = 4242;
  const RISK_30DAY = FEATURE_NAMES.indexOf('terminal_risk_30day');
  // Three weeks after the labelled day: past the label delay, inside the 30-day window.
  const later: Transaction = { transactionId: 0, time: Date.parse('2026-03-22T12:00:00Z'), customerId: 1, terminalId: TERMINAL, amount: 10 };

  it('fraud labels from a score-only, an unknown or no key leave terminal risk and every counter unchanged', async () => {
    const { predictor: p } = await keyed();
    const history = [1, 2, 3, 4].map(() => transaction({ terminal_id: TERMINAL, tx_datetime: '2026-03-01 10:00:00' }));
    expect((await postJson(`${p.url}/v1/predict/batch`, { transactions: history }, bearer(scorer))).status).toBe(200);
    const labels = history.map(({ transaction_id, customer_id, terminal_id, tx_datetime }) => ({
      transaction_id,
      customer_id,
      terminal_id,
      tx_datetime,
      is_fraud: true,
    }));
    // The terminal risk a new transaction there would see (it is looked up, never recorded).
    const risk = async (): Promise<number | undefined> => {
      const [lookup] = await p.store.lookup([later]);
      return lookup && !lookup.seen ? lookup.features[RISK_30DAY] : undefined;
    };
    const riskBefore = await risk();
    const before = await observableState(p);
    expect(riskBefore).toBe(0);

    for (const headers of [bearer(scorer), bearer(newToken()), {}]) {
      expect([401, 403]).toContain((await postJson(`${p.url}/v1/feedback`, { labels }, headers)).status);
    }
    expect(await risk()).toBe(riskBefore);
    expect(await observableState(p)).toEqual(before);

    // The same labels under a feedback key do raise it: the observation above can see poisoning.
    expect((await postJson(`${p.url}/v1/feedback`, { labels }, bearer(labeller))).status).toBe(202);
    expect(await risk()).toBe(1);
    expect((await observableState(p)).feedback).toBe(before.feedback + labels.length);
  });
});

describe('the reset terminal behind alert-reset', () => {
  const atReset = (tx_amount: number) => transaction({ terminal_id: 13, tx_amount });

  it('from a key without alert-reset: scored and counted like any transaction, the refusal counted, no reset', async () => {
    const { predictor: p } = await keyed();
    await postJson(`${p.url}/v1/predict/batch`, { transactions: [transaction({ tx_amount: FRAUD_AMOUNT }), transaction({ tx_amount: FRAUD_AMOUNT })] }, bearer(scorer));
    expect(await observableState(p)).toMatchObject({ alertCounter: 2, alertCounterResets: 0, alertCounterResetsRefused: 0 });

    const single = await postJson(`${p.url}/v1/predict`, atReset(FRAUD_AMOUNT), bearer(scorer));
    expect(single.status).toBe(200);
    expect(await single.json()).toMatchObject({ is_fraud: true });
    // A legit one is refused too, and (in `fraud` mode) not counted.
    await postJson(`${p.url}/v1/predict/batch`, { transactions: [atReset(FRAUD_AMOUNT), atReset(LEGIT_AMOUNT)] }, bearer(scorer));
    const legacy = await fetch(
      `${p.url}/predict?tranaction_id=1&tx_datetime=2026-04-01+10:00:00&customer_id=1&terminal_id=13&tx_amount=${FRAUD_AMOUNT}`,
      { headers: bearer(scorer) },
    );
    expect(await legacy.json()).toEqual({ pred: 1 });
    expect(await observableState(p)).toMatchObject({ alertCounter: 5, alertCounterResets: 0, alertCounterResetsRefused: 4 });
  });

  it('counts a refused reset in `all` mode whatever its decision', async () => {
    const { predictor: p } = await keyed({ ALERT_COUNTER_MODE: 'all' });
    await postJson(`${p.url}/v1/predict`, atReset(LEGIT_AMOUNT), bearer(scorer));
    expect(await observableState(p)).toMatchObject({ alertCounter: 1, alertCounterResets: 0, alertCounterResetsRefused: 1 });
  });

  it('from a key holding alert-reset: resets, on every scoring route', async () => {
    const { predictor: p } = await keyed();
    const raise = () => postJson(`${p.url}/v1/predict`, transaction({ tx_amount: FRAUD_AMOUNT }), bearer(scorer));
    await raise();
    await postJson(`${p.url}/v1/predict`, atReset(LEGIT_AMOUNT), bearer(resetter));
    expect(await observableState(p)).toMatchObject({ alertCounter: 0, alertCounterResets: 1, alertCounterResetsRefused: 0 });
    await raise();
    await postJson(`${p.url}/v1/predict/batch`, { transactions: [atReset(LEGIT_AMOUNT)] }, bearer(resetter));
    await raise();
    await fetch(`${p.url}/predict?tranaction_id=2&tx_datetime=2026-04-01+10:00:00&customer_id=1&terminal_id=13&tx_amount=5`, {
      headers: bearer(resetter),
    });
    expect(await observableState(p)).toMatchObject({ alertCounter: 0, alertCounterResets: 3, alertCounterResetsRefused: 0 });
  });
});

/** Builds real predictors on ephemeral loopback ports for the tests, and talks to them. */
import { FEATURE_NAMES, type FraudModel, type ScoringModel, type TransactionInput } from '@fraudwatch/model';
import type { Server } from 'node:http';
import { pino, type Logger } from 'pino';
import { loadConfig } from '../src/config.js';
import { createPredictor, type Predictor } from '../src/predictor.js';
import { boundAddress, listen } from '../src/server.js';
import { parseExposition, type Exposition } from '@fraudwatch/metrics/testing';

const AMOUNT = FEATURE_NAMES.indexOf('tx_amount');

/**
 * A test-only model whose fraud probability is the amount over 440, capped at 1: with the 0.5
 * threshold, amounts of 220 and more are fraud. It lets tests choose decisions; tests that claim
 * to cover the real model use the real artifact instead.
 */
export const amountModel: FraudModel = {
  card: {
    schemaVersion: 1,
    name: 'amount-rule',
    version: 'test-1',
    algorithm: 'rule',
    trainedAt: '2026-01-01T00:00:00.000Z',
    features: [...FEATURE_NAMES],
    threshold: 0.5,
    metrics: { auc: 0.5 },
  },
  // Nearly all reference scores are those of everyday amounts (under 44); 1 % are fraud-sized.
  reference: { scoreHistogram: { edges: [0, 0.1, 0.5, 1], counts: [980, 10, 10] }, featureQuantiles: {} },
  predict: (features) => Math.min(1, (features[AMOUNT] ?? 0) / 440),
};

const CUSTOMER_TX_1DAY = FEATURE_NAMES.indexOf('customer_nb_tx_1day');

/**
 * A test-only model whose fraud probability is the customer's transactions in the last day
 * (this one included) over 100: it shows what each scored transaction saw of the ones before it.
 */
export const customerCountModel: FraudModel = {
  ...amountModel,
  card: { ...amountModel.card, name: 'customer-count-rule' },
  predict: (features) => Math.min(1, (features[CUSTOMER_TX_1DAY] ?? 0) / 100),
};

export const FRAUD_AMOUNT = 300;
export const LEGIT_AMOUNT = 20;

/** A predictor listening on loopback, with its parts in reach of the test. */
export interface TestPredictor extends Predictor {
  readonly url: string;
  /** With METRICS_PORT in `env`: the operations listener, on a port of its own. */
  readonly operationsUrl: string | undefined;
  close(): Promise<void>;
}

export interface TestPredictorOptions {
  readonly env?: Record<string, string>;
  readonly model?: ScoringModel;
  /** Leave readiness as the app starts it (not ready). */
  readonly unready?: boolean;
  /** Where the app logs; a silent (LOG_LEVEL) stdout logger by default. */
  readonly logger?: Logger;
  /** The server's clock; the real one by default. */
  readonly now?: () => number;
  /** Node's default process metrics: off unless a test checks them (each set adds monitors that are never stopped). */
  readonly defaultMetrics?: boolean;
}

export async function startPredictor(options: TestPredictorOptions = {}): Promise<TestPredictor> {
  const config = loadConfig({ LOG_LEVEL: 'silent', ...options.env });
  const predictor = await createPredictor(config, options.model ?? amountModel, {
    logger: options.logger ?? pino({ level: config.logLevel }),
    now: options.now ?? Date.now,
    defaultMetrics: options.defaultMetrics ?? false,
  });
  const server = await listen(predictor.app, 0, '127.0.0.1');
  const operations = predictor.operationsApp && (await listen(predictor.operationsApp, 0, '127.0.0.1'));
  if (!options.unready) predictor.readiness.markReady();
  const stop = (s: Server) =>
    new Promise<void>((resolve, reject) => {
      s.closeAllConnections();
      s.close((err) => (err ? reject(err) : resolve()));
    });
  return {
    ...predictor,
    url: `http://127.0.0.1:${boundAddress(server).port}`,
    operationsUrl: operations && `http://127.0.0.1:${boundAddress(operations).port}`,
    close: async () => {
      predictor.auth.close();
      await Promise.all([server, operations].flatMap((s) => (s ? [stop(s)] : [])));
      await predictor.close();
    },
  };
}

let nextId = 1;

/** A valid wire transaction; ids are unique across a test run unless given. */
export function transaction(overrides: Partial<Record<keyof TransactionInput, unknown>> = {}): Record<string, unknown> {
  return {
    transaction_id: nextId++,
    tx_datetime: '2026-04-01 12:30:00',
    customer_id: 42,
    terminal_id: 7,
    tx_amount: LEGIT_AMOUNT,
    ...overrides,
  };
}

export function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

export async function scrape(url: string): Promise<Exposition> {
  const res = await fetch(`${url}/metrics`);
  if (res.status !== 200) throw new Error(`/metrics answered ${res.status}`);
  return parseExposition(await res.text());
}

/**
 * `pnpm --filter @fraudwatch/bench soak`: streams 2 million distinct customers through the
 * built predictor in batches, with a small feature-store cap, sampling its RSS and
 * predictor_feature_store_entities every second. Exits non-zero if the store ever tracks more
 * customers or terminals than its caps, if RSS ever exceeds RSS_CAP_MB, if RSS is still climbing in the second
 * half (no plateau), or if the stream does not finish within the time bound.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { catalogue } from '@fraudwatch/metrics';
import { parseExposition, valueOf } from '@fraudwatch/metrics/testing';
import { request, startNodeApp, type RunningNodeApp } from '@fraudwatch/stack';
import { DEFAULT_FEATURE_STORE_OPTIONS, formatTxDatetime } from '@fraudwatch/model';
import { machine } from './machine.js';
import { rssMegabytes } from './proc-stats.js';
import { predictorSpec } from './servers.js';
import { benchDir, positiveNumber } from './settings.js';

const CUSTOMERS = positiveNumber('SOAK_CUSTOMERS', 2_000_000);
const MAX_CUSTOMERS = positiveNumber('SOAK_MAX_CUSTOMERS', 10_000);
/** The predictor's default terminal cap; the soak's 10,000 terminals stay under it unless SOAK_TERMINALS says otherwise. */
const MAX_TERMINALS = positiveNumber('SOAK_MAX_TERMINALS', DEFAULT_FEATURE_STORE_OPTIONS.maxTerminals);
const TERMINALS = positiveNumber('SOAK_TERMINALS', 10_000);
const BATCH_SIZE = 1000;
const IN_FLIGHT = 2;
/** The documented cap (docs/benchmarks.md), well inside the Deployment's 512 MiB memory limit. */
const RSS_CAP_MB = positiveNumber('SOAK_RSS_CAP_MB', 300);
/** Second-half peak RSS may exceed the first half's by this much and still count as a plateau. */
const PLATEAU_TOLERANCE = 1.1;
const TIME_BOUND_MS = 5 * 60_000;
const SAMPLE_INTERVAL_MS = 1000;
const START_MS = Date.UTC(2018, 3, 1);

interface Sample {
  readonly seconds: number;
  readonly sent: number;
  readonly rssMb: number;
  readonly customers: number;
  readonly terminals: number;
}

/** Batch `index`: customers index*BATCH_SIZE … +BATCH_SIZE-1, each seen once, event time moving on. */
function batchBody(index: number): string {
  const transactions = [];
  for (let i = index * BATCH_SIZE; i < (index + 1) * BATCH_SIZE; i += 1) {
    transactions.push({
      transaction_id: i,
      tx_datetime: formatTxDatetime(START_MS + i * 1000),
      customer_id: i,
      terminal_id: (i * 7919) % TERMINALS,
      tx_amount: ((i * 37) % 20_000) / 100,
    });
  }
  return JSON.stringify({ transactions });
}

async function sample(server: RunningNodeApp, started: number, sent: number): Promise<Sample> {
  const exposition = parseExposition(await request(`${server.url}/metrics`));
  const entities = (kind: string): number => valueOf(exposition, catalogue.featureStoreEntities.name, { kind });
  return {
    seconds: (Date.now() - started) / 1000,
    sent,
    rssMb: await rssMegabytes(server.pid),
    customers: entities('customer'),
    terminals: entities('terminal'),
  };
}

async function stream(server: RunningNodeApp, deadline: number, progress: { sent: number }): Promise<void> {
  const batches = Math.ceil(CUSTOMERS / BATCH_SIZE);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < batches) {
      if (Date.now() > deadline) throw new Error(`the soak did not finish within ${TIME_BOUND_MS / 1000} s`);
      const body = batchBody(next++);
      const res = await fetch(`${server.url}/v1/predict/batch`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`POST /v1/predict/batch answered ${res.status}`);
      progress.sent += BATCH_SIZE;
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
}

function verdicts(samples: readonly Sample[]): string[] {
  const failures: string[] = [];
  for (const [kind, cap] of [['customers', MAX_CUSTOMERS], ['terminals', MAX_TERMINALS]] as const) {
    const most = Math.max(...samples.map((s) => s[kind]));
    if (!(most <= cap)) failures.push(`${kind} tracked reached ${most}, above the cap of ${cap}`);
  }
  const peak = Math.max(...samples.map((s) => s.rssMb));
  if (peak > RSS_CAP_MB) failures.push(`RSS reached ${peak.toFixed(0)} MB, above the cap of ${RSS_CAP_MB} MB`);
  const half = Math.floor(samples.length / 2);
  const firstHalfPeak = Math.max(...samples.slice(0, half).map((s) => s.rssMb));
  const secondHalfPeak = Math.max(...samples.slice(half).map((s) => s.rssMb));
  if (secondHalfPeak > firstHalfPeak * PLATEAU_TOLERANCE) {
    failures.push(`RSS still climbing: ${firstHalfPeak.toFixed(0)} MB peak in the first half, ${secondHalfPeak.toFixed(0)} MB in the second`);
  }
  return failures;
}

/** Streams the customers while sampling; the samples end with one taken after the stream. */
async function soak(server: RunningNodeApp): Promise<{ samples: Sample[]; sent: number }> {
  const started = Date.now();
  const progress = { sent: 0 };
  const samples: Sample[] = [];
  let streaming = true;
  const sampler = (async () => {
    while (streaming) {
      const last = await sample(server, started, progress.sent);
      samples.push(last);
      console.error(`${last.seconds.toFixed(0)} s: ${last.sent} sent, RSS ${last.rssMb.toFixed(0)} MB, ${last.customers} customers, ${last.terminals} terminals`);
      await sleep(SAMPLE_INTERVAL_MS);
    }
  })();
  try {
    await stream(server, started + TIME_BOUND_MS, progress);
  } finally {
    streaming = false;
    await sampler;
  }
  samples.push(await sample(server, started, progress.sent));
  return { samples, sent: progress.sent };
}

async function main(): Promise<void> {
  const server = await startNodeApp(
    predictorSpec({ FEATURE_STORE_MAX_CUSTOMERS: String(MAX_CUSTOMERS), FEATURE_STORE_MAX_TERMINALS: String(MAX_TERMINALS) }),
  );
  let run: { samples: Sample[]; sent: number };
  try {
    run = await soak(server);
  } finally {
    await server.stop();
  }
  const { samples } = run;
  const failures = verdicts(samples);
  const result = {
    date: new Date().toISOString(),
    machine: machine(),
    settings: { customers: CUSTOMERS, terminals: TERMINALS, maxCustomers: MAX_CUSTOMERS, maxTerminals: MAX_TERMINALS, batchSize: BATCH_SIZE, rssCapMb: RSS_CAP_MB },
    seconds: samples.at(-1)!.seconds,
    peakRssMb: Math.max(...samples.map((s) => s.rssMb)),
    finalRssMb: samples.at(-1)!.rssMb,
    maxCustomersTracked: Math.max(...samples.map((s) => s.customers)),
    maxTerminalsTracked: Math.max(...samples.map((s) => s.terminals)),
    failures,
    samples,
  };
  await mkdir(join(benchDir, 'results'), { recursive: true });
  await writeFile(join(benchDir, `results/soak-${MAX_CUSTOMERS}-customers-${TERMINALS}-terminals.json`), `${JSON.stringify(result, null, 2)}\n`);
  console.log(
    `soak: ${run.sent} transactions from ${CUSTOMERS} customers in ${result.seconds.toFixed(0)} s; ` +
      `peak RSS ${result.peakRssMb.toFixed(0)} MB (cap ${RSS_CAP_MB}), final ${result.finalRssMb.toFixed(0)} MB; ` +
      `customers tracked at most ${result.maxCustomersTracked} (cap ${MAX_CUSTOMERS}), ` +
      `terminals at most ${result.maxTerminalsTracked} (cap ${MAX_TERMINALS})`,
  );
  if (failures.length > 0) {
    console.error(`soak FAILED:\n- ${failures.join('\n- ')}`);
    process.exitCode = 1;
  }
}

await main();

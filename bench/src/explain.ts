/**
 * The cost of an explanation: microseconds per transaction with `explain` against without it,
 * measured in the same run, alternating, median of RUNS runs:
 *   - in-process: predict, against predict + explain (TreeSHAP), over the same feature vectors;
 *   - over HTTP: POST /v1/predict/batch of BATCH transactions to the built predictor, against
 *     the same route with ?explain=true (scoring, TreeSHAP and the larger JSON answer).
 * The default artifact unless a model file is given (an XGBoost JSON file is served as MODEL_PATH).
 *
 *   pnpm --filter @fraudwatch/bench explain [MODEL_PATH]
 */
import { createFeatureStore, DEFAULT_MODEL_PATH, loadModel } from '@fraudwatch/model';
import { startNodeApp } from '@fraudwatch/stack';
import { loadTransactions } from './fixtures.js';
import { predictorSpec } from './servers.js';
import { median } from './stats.js';
import { batchBodies, idPasses } from './workload.js';

const RUNS = 7;
const BATCH = 1000;
const BATCHES_PER_RUN = 3;
/** Feature vectors of the in-process runs: an explanation takes a few hundred µs, so a few thousand keep the bench near a minute. */
const VECTORS = 4000;

const modelPath = process.argv[2] ?? DEFAULT_MODEL_PATH;
const model = loadModel(modelPath, { allowMissingReference: true });
function cannotExplain(): never {
  throw new Error(`${modelPath}: the model cannot explain (a random forest, or trees without covers)`);
}
const explain = model.explain ?? cannotExplain();
const transactions = loadTransactions(2 * RUNS * BATCHES_PER_RUN * BATCH);

function inProcess(): { plain: number; explained: number } {
  const store = createFeatureStore();
  const vectors = transactions.slice(0, VECTORS).map((tx) => {
    const x = store.features(tx);
    store.record(tx);
    return x;
  });
  const timed = (body: (x: Float64Array) => number): number => {
    let sink = 0;
    const start = process.hrtime.bigint();
    for (const x of vectors) sink += body(x);
    // Using the result keeps the JIT from dropping the work.
    if (Number.isNaN(sink)) console.log(sink);
    return Number(process.hrtime.bigint() - start) / 1000 / vectors.length;
  };
  const plain: number[] = [];
  const explained: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    plain.push(timed((x) => model.predict(x)));
    explained.push(timed((x) => model.predict(x) + explain(x).bias));
  }
  return { plain: median(plain), explained: median(explained) };
}

async function overHttp(): Promise<{ plain: number; explained: number }> {
  const server = await startNodeApp(predictorSpec({ MODEL_PATH: modelPath, LOG_LEVEL: 'warn'  }));
  try {
    const nextBody = batchBodies(transactions, BATCH, idPasses(transactions));
    const timed = async (query: string): Promise<number> => {
      const start = process.hrtime.bigint();
      for (let i = 0; i < BATCHES_PER_RUN; i++) {
        const res = await fetch(`${server.url}/v1/predict/batch${query}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: nextBody() });
        if (res.status !== 200) throw new Error(`batch${query} answered ${res.status}: ${await res.text()}`);
        await res.arrayBuffer();
      }
      return Number(process.hrtime.bigint() - start) / 1000 / (BATCHES_PER_RUN * BATCH);
    };
    const plain: number[] = [];
    const explained: number[] = [];
    // Alternating which goes first, so neither always meets the warmer process.
    for (let run = 0; run < RUNS; run++) {
      if (run % 2 === 0) {
        plain.push(await timed(''));
        explained.push(await timed('?explain=true'));
      } else {
        explained.push(await timed('?explain=true'));
        plain.push(await timed(''));
      }
    }
    return { plain: median(plain), explained: median(explained) };
  } finally {
    await server.stop();
  }
}

const local = inProcess();
const http = await overHttp();
const row = (r: { plain: number; explained: number }) => ({
  'µs/tx': r.plain.toFixed(2),
  'µs/tx explained': r.explained.toFixed(2),
  'explanation µs/tx': (r.explained - r.plain).toFixed(2),
});
console.log(`model: ${model.card.algorithm} ${model.card.version} (${modelPath}); median of ${RUNS} runs`);
console.table({ 'in-process predict': row(local), [`HTTP batch of ${BATCH}`]: row(http) });

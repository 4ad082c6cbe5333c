/**
 * `pnpm --filter @fraudwatch/bench profile [predict|legacy-predict|batch] [server]`: runs one server
 * (the predictor by default, predictor-redis on a redis-server of its own, or a baseline) under `node --cpu-prof`, drives one benchmark case at
 * it, and prints where its CPU time went. The raw profile stays in bench/.profiles/ for Chrome
 * DevTools or speedscope.
 */
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { startNodeApp, startRedisServer, type RedisServer, type StartNodeAppOptions } from '@fraudwatch/stack';
import { summariseProfile, type CpuProfile } from './cpu-profile.js';
import { loadTransactions } from './fixtures.js';
import { measureLoad, type RequestPlan } from './load.js';
import { allServerSpecs, PREDICTOR, PREDICTOR_REDIS, redisPredictorSpec } from './servers.js';
import { benchDir, readSettings } from './settings.js';
import { batchPlan, idPasses, predictPlan, legacyPredictPlan } from './workload.js';

async function main(): Promise<void> {
  const settings = readSettings();
  const transactions = loadTransactions();
  const passes = idPasses(transactions);
  const plans: Record<string, RequestPlan> = {
    predict: predictPlan(transactions, passes),
    'legacy-predict': legacyPredictPlan(transactions, passes),
    batch: batchPlan(transactions, settings.batchSize, passes),
  };
  const [caseName = 'predict', serverName = PREDICTOR] = process.argv.slice(2);
  const plan = plans[caseName];
  if (!plan) throw new Error(`unknown case "${caseName}"; one of ${Object.keys(plans).join(', ')}`);
  const names = [...allServerSpecs().map((s) => s.name), PREDICTOR_REDIS];
  if (!names.includes(serverName)) throw new Error(`unknown server "${serverName}"; one of ${names.join(', ')}`);
  const redis: RedisServer | undefined = serverName === PREDICTOR_REDIS ? await startRedisServer() : undefined;
  const spec: StartNodeAppOptions = redis ? redisPredictorSpec(redis.url) : allServerSpecs().find((s) => s.name === serverName)!;

  const dir = join(benchDir, '.profiles', `${caseName}-${serverName}`);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const server = await startNodeApp({ ...spec, nodeArgs: ['--cpu-prof', '--cpu-prof-dir', dir] });
  let result;
  try {
    result = await measureLoad(server, plan, { ...settings, connections: caseName === 'batch' ? 4 : settings.connections });
  } finally {
    // The profile is written as the process exits: give it time to.
    await server.stop(10_000);
    await redis?.close();
  }
  const [file] = (await readdir(dir)).filter((name) => name.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no .cpuprofile written in ${dir}`);
  const { byFunction, byPackage } = summariseProfile(JSON.parse(await readFile(join(dir, file), 'utf8')) as CpuProfile);
  const rows = (shares: typeof byFunction) => shares.map((s) => `${s.percent.toFixed(1).padStart(5)} %  ${s.name}`).join('\n');
  console.log(`${caseName} on ${serverName}: ${result.requestsPerSecond.toFixed(0)} req/s, ${result.cpuMsPerRequest.toFixed(3)} CPU ms/req`);
  console.log(`\nself time by package (share of busy samples)\n${rows(byPackage)}`);
  console.log(`\nself time by function\n${rows(byFunction)}`);
  console.log(`\nprofile: ${join(dir, file)}`);
}

await main();

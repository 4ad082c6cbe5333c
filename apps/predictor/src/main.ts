#!/usr/bin/env node
/**
 * The predictor process: reads the configuration, loads the model, builds the predictor
 * (predictor.ts), listens, and drains on SIGTERM/SIGINT. A bad configuration or model artifact stops the start with a clear message.
 */
import { loadModel, ModelArtifactError, type ScoringModel } from '@fraudwatch/model';
import { ConfigError, loadConfig, type Config } from './config.js';
import { createLogger } from './logger.js';
import { createPredictor } from './predictor.js';
import { boundAddress, createShutdown, listen } from './server.js';

function readConfig(): Config {
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`predictor: ${error.message}\n`);
    process.exit(2);
  }
}

const config = readConfig();
const logger = createLogger(config.logLevel);

function exit(code: number): never {
  logger.flush();
  process.exit(code);
}

/** A bare XGBoost file has no drift reference: it is served, with score drift monitoring off (predictor.ts). */
function readModel(): ScoringModel {
  try {
    return loadModel(config.modelPath, { allowMissingReference: true, defaultThreshold: config.modelThreshold });
  } catch (error) {
    logger.fatal({ err: error, modelPath: config.modelPath }, 'cannot load the model');
    // A file that is missing, corrupt, mismatched or unsupported is a configuration error (exit 2);
    // anything else is a bug.
    if (!(error instanceof ModelArtifactError)) exit(1);
    process.stderr.write(`predictor: ${error.message}\n`);
    exit(2);
  }
}

const model = readModel();
const { app, readiness } = await createPredictor(config, model, { logger, now: Date.now });

const server = await listen(app, config.port, config.host).catch((error: unknown) => {
  logger.fatal({ err: error, host: config.host, port: config.port }, 'cannot listen');
  return exit(1);
});
const { address, port } = boundAddress(server);
readiness.markReady();
logger.info({ address, port, model: model.card.name, modelVersion: model.card.version }, 'listening');

const shutdown = createShutdown({
  server,
  readiness,
  logger,
  graceMs: config.shutdownGraceMs,
  drainDelayMs: config.shutdownDrainDelayMs,
});
const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

function onSignal(signal: NodeJS.Signals): void {
  // The first signal of either kind drains; with both handlers gone, a second signal (SIGTERM
  // then SIGINT too) falls back to Node's default and ends the process at once.
  for (const s of SIGNALS) process.off(s, onSignal);
  logger.info({ signal }, 'shutting down');
  void shutdown().then((clean) => {
    logger.info({ clean }, 'stopped');
    exit(clean ? 0 : 1);
  });
}
for (const signal of SIGNALS) process.on(signal, onSignal);

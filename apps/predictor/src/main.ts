#!/usr/bin/env node
/**
 * The predictor process: reads the configuration, loads the model, builds the predictor
 * (predictor.ts), listens (on METRICS_PORT too when set), reloads the API keys on SIGHUP, and
 * drains on SIGTERM/SIGINT. A bad configuration, keys file or model artifact stops the start with
 * a clear message.
 */
import type { Server } from 'node:http';
import { loadModel, ModelArtifactError, type ScoringModel } from '@fraudwatch/model';
import type { Express } from 'express';
import { KeysFileError } from './auth/keys-file.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { createLogger } from './logger.js';
import { createPredictor, type Predictor } from './predictor.js';
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

async function buildPredictor(model: ScoringModel): Promise<Predictor> {
  try {
    return await createPredictor(config, model, { logger, now: Date.now });
  } catch (error) {
    if (!(error instanceof KeysFileError)) throw error;
    // The message names the file and the entry; a configuration error, like a bad variable.
    process.stderr.write(`predictor: API_KEYS_FILE: ${error.message}\n`);
    return exit(2);
  }
}

function listenOrExit(app: Express, port: number): Promise<Server> {
  return listen(app, port, config.host).catch((error: unknown) => {
    logger.fatal({ err: error, host: config.host, port }, 'cannot listen');
    return exit(1);
  });
}

const model = readModel();
const predictor = await buildPredictor(model);
const { app, operationsApp, readiness, auth } = predictor;

// Always handled: Node's default for SIGHUP ends the process, and a `kill -HUP` meant to rotate
// keys must never stop the service (without API_KEYS_FILE there is nothing to reload).
process.on('SIGHUP', () => {
  logger.info({ signal: 'SIGHUP' }, 'reloading the API keys');
  auth.reload();
});

const server = await listenOrExit(app, config.port);
const operationsServer = operationsApp && config.metricsPort !== undefined ? await listenOrExit(operationsApp, config.metricsPort) : undefined;
const { address, port } = boundAddress(server);
const metricsPort = operationsServer && boundAddress(operationsServer).port;
readiness.markReady();
logger.info({ address, port, metricsPort, model: model.card.name, modelVersion: model.card.version, featureStore: predictor.store.backend }, 'listening');

const shutdown = createShutdown({
  servers: operationsServer ? [server, operationsServer] : [server],
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
  void shutdown().then(async (clean) => {
    auth.close();
    await predictor.close();
    logger.info({ clean }, 'stopped');
    exit(clean ? 0 : 1);
  });
}
for (const signal of SIGNALS) process.on(signal, onSignal);

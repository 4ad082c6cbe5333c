export * from './types.js';
export * from './schema.js';
export { createRandom, type Random } from './random.js';
export { simulate, DEFAULT_SIMULATION, type SimulationOptions } from './simulator.js';
export { FEATURE_NAMES, WINDOW_DAYS, DEFAULT_FEATURE_STORE_OPTIONS, createFeatureStore, newestLabelledDay } from './features.js';
export {
  ARTIFACT_SCHEMA_VERSION,
  DEFAULT_MODEL_PATH,
  ModelArtifactError,
  createModel,
  loadModel,
  modelCard,
  parseModelArtifact,
  saveModelArtifact,
  type ModelArtifact,
} from './artifact.js';
export { scoreBucket } from './reference.js';
export { createScorer, type ModelParameters, type Scaling, type TreeArrays } from './score.js';
export { aucRoc, averagePrecision, cardPrecisionAtK } from './evaluation.js';

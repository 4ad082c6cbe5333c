export * from './types.js';
export * from './schema.js';
export { createRandom, type Random } from './random.js';
export { simulate, DEFAULT_SIMULATION, type SimulationOptions } from './simulator.js';
export {
  FEATURE_NAMES,
  WINDOW_DAYS,
  DEFAULT_FEATURE_STORE_OPTIONS,
  createFeatureStore,
  featuresFromWindows,
  newestLabelledDay,
  type WindowSums,
} from './features.js';
export { DAY_MS, dayIndex } from './time.js';
export { DEFAULT_MODEL_PATH, ModelArtifactError, loadModel, type ModelArtifact } from './artifact.js';
export { scoreBucket } from './reference.js';
export { createScorer, type ModelParameters, type Scaling, type TreeArrays } from './score.js';

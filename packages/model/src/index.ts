export * from './types.js';
export * from './schema.js';
export { DAY_MS, dayIndex } from './time.js';
export {
  FEATURE_NAMES,
  WINDOW_DAYS,
  DEFAULT_FEATURE_STORE_OPTIONS,
  createFeatureStore,
  featuresFromWindows,
  newestLabelledDay,
  type WindowSums,
} from './features.js';
export {
  ARTIFACT_SCHEMA_VERSION,
  DEFAULT_MODEL_PATH,
  ModelArtifactError,
  loadModel,
  parseModelArtifact,
  parseModelParameters,
  type LoadModelOptions,
  type ModelArtifact,
} from './artifact.js';
export { scoreBucket } from './reference.js';
export {
  createScorer,
  LEAF,
  type BoostingParameters,
  type ForestParameters,
  type LogisticParameters,
  type ModelParameters,
  type Scaling,
  type Tree,
  type TreeArrays,
} from './score.js';

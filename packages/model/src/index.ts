export * from './types.js';
export * from './schema.js';
export { createRandom, type Random } from './random.js';
export { simulate, DEFAULT_SIMULATION, type SimulationOptions } from './simulator.js';
export { FEATURE_NAMES, DEFAULT_FEATURE_STORE_OPTIONS, createFeatureStore, newestLabelledDay } from './features.js';
export { DEFAULT_MODEL_PATH, ModelArtifactError, loadModel, type LoadModelOptions, type ModelArtifact } from './artifact.js';
export { scoreBucket } from './reference.js';
export { createScorer, type ModelParameters, type Scaling, type TreeArrays } from './score.js';

/**
 * The versioned JSON model artifact: its schema and loading (fail fast, naming the problem).
 */
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { FEATURE_NAMES } from './features.js';
import { modelReferenceSchema } from './reference.js';
import { compileModel, LEAF, xgboostEvaluator, type ModelParameters } from './score.js';
import type { FraudModel, ModelCard, ScoringModel } from './types.js';
import { isUbjson, parseUbjson } from './ubjson.js';
import { xgboostFileCard, type XGBoostFile } from './xgboost-card.js';
import { isXGBoostJson, parseXGBoostModel, XGBoostModelError } from './xgboost.js';
import { describeIssues } from './zod-issues.js';

export const ARTIFACT_SCHEMA_VERSION = 1;

/** The committed default artifact (resolved from this module, so it works from src/ and dist/). */
export const DEFAULT_MODEL_PATH = fileURLToPath(new URL('../artifacts/fraud-model.json', import.meta.url));

export class ModelArtifactError extends Error {
  constructor(
    readonly path: string,
    problem: string,
  ) {
    super(`model artifact ${path}: ${problem}`);
    this.name = 'ModelArtifactError';
  }
}

const finite = z.number().finite();
const probability = finite.min(0).max(1);
const index = z.number().int().min(LEAF);

/**
 * A tree's arrays; `leaf` bounds leaf values (forest: probabilities; boosting: log-odds). Boosted
 * trees may carry `cover`, the sum of hessians that reached each node, which explanations need.
 */
const treeSchema = (leaf: z.ZodNumber) =>
  z
    .strictObject({
      feature: z.array(index.max(FEATURE_NAMES.length - 1)).min(1).readonly(),
      threshold: z.array(finite).readonly(),
      left: z.array(index).readonly(),
      right: z.array(index).readonly(),
      value: z.array(leaf).readonly(),
      cover: z.array(finite.nonnegative()).readonly().optional(),
    })
    .superRefine((t, ctx) => {
      const n = t.feature.length;
      if ([t.threshold, t.left, t.right, t.value, t.cover ?? t.value].some((a) => a.length !== n)) {
        ctx.addIssue({ code: 'custom', message: 'tree arrays differ in length' });
        return;
      }
      // Children must come after their parent: that rules out cycles and dangling indices.
      for (let i = 0; i < n; i++) {
        if (t.feature[i] === LEAF) continue;
        const l = t.left[i]!;
        const r = t.right[i]!;
        if (!(l > i && l < n && r > i && r < n)) {
          ctx.addIssue({ code: 'custom', message: `node ${i} has children outside (${i}, ${n})`, path: ['left', i] });
          return;
        }
      }
    });

const parametersSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('forest'), trees: z.array(treeSchema(probability)).min(1).readonly() }),
  z.strictObject({ kind: z.literal('boosting'), baseMargin: finite, trees: z.array(treeSchema(finite)).min(1).readonly() }),
  z.strictObject({ kind: z.literal('logistic'), weights: z.array(finite).length(FEATURE_NAMES.length).readonly(), intercept: finite }),
  z.strictObject({
    kind: z.literal('xgboost'),
    /** The model exactly as `Booster.save_model("….json")` wrote it. */
    booster: z
      .record(z.string(), z.unknown())
      .readonly()
      .superRefine((booster, ctx) => {
        try {
          parseXGBoostModel(booster);
        } catch (error) {
          if (!(error instanceof XGBoostModelError)) throw error;
          ctx.addIssue({ code: 'custom', message: error.message });
        }
      }),
  }),
]);

export const modelArtifactSchema = z.strictObject({
  schemaVersion: z.literal(ARTIFACT_SCHEMA_VERSION),
  name: z.string().min(1),
  version: z.string().min(1),
  algorithm: z.string().min(1),
  trainedAt: z.iso.datetime(),
  features: z.array(z.string()),
  scaling: z.strictObject({
    mean: z.array(finite).length(FEATURE_NAMES.length).readonly(),
    scale: z.array(finite.positive()).length(FEATURE_NAMES.length).readonly(),
  }),
  parameters: parametersSchema,
  threshold: probability,
  metrics: z.record(z.string(), finite),
  training: z.record(z.string(), z.union([z.string(), finite])),
  /** What the scores and key features looked like on the test week, for drift monitoring. */
  reference: modelReferenceSchema,
});

export type ModelArtifact = z.infer<typeof modelArtifactSchema>;
export type { ModelParameters };

/** Validates parsed JSON as an artifact this build can serve, naming the first problems found. */
export function parseModelArtifact(json: unknown, path = '(in memory)'): ModelArtifact {
  const version = (json as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (version !== ARTIFACT_SCHEMA_VERSION) {
    throw new ModelArtifactError(
      path,
      `unsupported schemaVersion ${JSON.stringify(version)} (this build reads ${ARTIFACT_SCHEMA_VERSION})`,
    );
  }
  const features = (json as { features?: unknown }).features;
  if (JSON.stringify(features) !== JSON.stringify(FEATURE_NAMES)) {
    throw new ModelArtifactError(
      path,
      `feature list mismatch: artifact has ${JSON.stringify(features)}, this build computes ${JSON.stringify(FEATURE_NAMES)}`,
    );
  }
  const parsed = modelArtifactSchema.safeParse(json);
  if (!parsed.success) throw new ModelArtifactError(path, `bad parameters: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

/** Validates parsed JSON as model parameters (a forest another trainer wrote, say), naming the first problems found. */
export function parseModelParameters(json: unknown, path = '(in memory)'): ModelParameters {
  const parsed = parametersSchema.safeParse(json);
  if (!parsed.success) throw new ModelArtifactError(path, `bad parameters: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

function modelCard(a: ModelArtifact): ModelCard {
  return {
    schemaVersion: a.schemaVersion,
    name: a.name,
    version: a.version,
    algorithm: a.algorithm,
    trainedAt: a.trainedAt,
    features: a.features,
    threshold: a.threshold,
    metrics: a.metrics,
  };
}

function createModel(artifact: ModelArtifact): FraudModel {
  const { predict, explain } = compileModel(artifact.parameters, artifact.scaling);
  return { card: modelCard(artifact), reference: artifact.reference, predict, explain };
}

function xgboostFileModel(json: unknown, file: XGBoostFile): ScoringModel {
  const model = parseXGBoostModel(json);
  const { predict, explain } = xgboostEvaluator(model);
  const card = { schemaVersion: ARTIFACT_SCHEMA_VERSION, ...xgboostFileCard(model, file) };
  return { card, reference: undefined, predict, explain };
}

export interface LoadModelOptions {
  /** The threshold of a file that carries none (a bare XGBoost model): 0.5 unless given. */
  readonly defaultThreshold?: number;
  /**
   * Accept a file without a reference score histogram (a bare XGBoost model), for a caller that
   * can serve without score drift monitoring; otherwise such a file is refused.
   */
  readonly allowMissingReference?: boolean;
}

/**
 * Reads, validates and compiles a model file: a FraudWatch artifact, or a bare XGBoost model as
 * `Booster.save_model` writes it, in JSON or UBJSON (told apart by their content). Throws ModelArtifactError
 * naming what is wrong.
 */
export function loadModel(path?: string, options?: LoadModelOptions & { readonly allowMissingReference?: false }): FraudModel;
export function loadModel(path: string, options: LoadModelOptions): ScoringModel;
export function loadModel(path: string = DEFAULT_MODEL_PATH, options: LoadModelOptions = {}): ScoringModel {
  const threshold = options.defaultThreshold ?? 0.5;
  if (!(threshold >= 0 && threshold <= 1)) throw new RangeError(`defaultThreshold must be in [0, 1], got ${threshold}`);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ModelArtifactError(path, code === 'ENOENT' ? 'file not found' : `cannot be read (${code ?? String(error)})`);
  }
  const binary = isUbjson(bytes);
  let json: unknown;
  try {
    json = binary ? parseUbjson(bytes) : JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw new ModelArtifactError(path, `not valid ${binary ? 'UBJSON' : 'JSON'}, truncated or corrupt (${(error as Error).message})`);
  }
  if (binary && !isXGBoostJson(json)) throw new ModelArtifactError(path, 'a UBJSON file that is not an XGBoost model (only XGBoost models are read in UBJSON)');
  if (!isXGBoostJson(json)) return createModel(parseModelArtifact(json, path));
  let model: ScoringModel;
  try {
    model = xgboostFileModel(json, { path, bytes, modifiedAt: statSync(path).mtime, threshold });
  } catch (error) {
    if (error instanceof XGBoostModelError) throw new ModelArtifactError(path, `XGBoost model: ${error.message}`);
    throw error;
  }
  if (!options.allowMissingReference) {
    throw new ModelArtifactError(
      path,
      'a bare XGBoost model carries no reference score histogram, which score drift monitoring needs: wrap it in a FraudWatch artifact, or load it with allowMissingReference',
    );
  }
  return model;
}

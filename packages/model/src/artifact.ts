/**
 * The versioned JSON model artifact: its schema and loading (fail fast, naming the problem).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { FEATURE_NAMES } from './features.js';
import { modelReferenceSchema } from './reference.js';
import { createScorer, LEAF, type ModelParameters } from './score.js';
import type { FraudModel, ModelCard } from './types.js';

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

/** A tree's arrays; `leaf` bounds leaf values (forest: probabilities; boosting: log-odds). */
const treeSchema = (leaf: z.ZodNumber) =>
  z
    .strictObject({
      feature: z.array(index.max(FEATURE_NAMES.length - 1)).min(1).readonly(),
      threshold: z.array(finite).readonly(),
      left: z.array(index).readonly(),
      right: z.array(index).readonly(),
      value: z.array(leaf).readonly(),
    })
    .superRefine((t, ctx) => {
      const n = t.feature.length;
      if ([t.threshold, t.left, t.right, t.value].some((a) => a.length !== n)) {
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

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ');
}

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
  const score = createScorer(artifact.parameters, artifact.scaling);
  return { card: modelCard(artifact), reference: artifact.reference, predict: score };
}

/** Reads, validates and compiles an artifact; throws ModelArtifactError naming what is wrong. */
export function loadModel(path: string = DEFAULT_MODEL_PATH): FraudModel {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ModelArtifactError(path, code === 'ENOENT' ? 'file not found' : `cannot be read (${code ?? String(error)})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ModelArtifactError(path, `not valid JSON, truncated or corrupt (${(error as Error).message})`);
  }
  return createModel(parseModelArtifact(json, path));
}

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_MODEL_PATH, loadModel, parseModelArtifact } from '../src/artifact.js';
import { FEATURE_NAMES } from '../src/features.js';
import { scoreBucket } from '../src/reference.js';
import { loadRejection } from './rejection.js';

const dir = mkdtempSync(join(tmpdir(), 'fraudwatch-artifact-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const text = readFileSync(DEFAULT_MODEL_PATH, 'utf8');
const valid = (): Record<string, unknown> => JSON.parse(text) as Record<string, unknown>;

function write(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe('loadModel rejects bad artifacts, naming the problem', () => {
  it('a missing file', () => {
    expect(loadRejection(join(dir, 'nope.json')).message).toMatch(/file not found/);
  });

  it('a truncated file', () => {
    expect(loadRejection(write('truncated.json', text.slice(0, text.length / 2))).message).toMatch(/not valid JSON, truncated or corrupt/);
  });

  it('a corrupt file', () => {
    expect(loadRejection(write('corrupt.json', '\u0000\u0001garbage')).message).toMatch(/not valid JSON/);
  });

  it('another schema version', () => {
    const path = write('v2.json', JSON.stringify({ ...valid(), schemaVersion: 2 }));
    expect(loadRejection(path).message).toMatch(/unsupported schemaVersion 2 \(this build reads 1\)/);
  });

  it('a different feature list', () => {
    const features = [...FEATURE_NAMES].reverse();
    expect(loadRejection(write('features.json', JSON.stringify({ ...valid(), features }))).message).toMatch(/feature list mismatch/);
  });

  it('a NaN parameter (JSON writes NaN as null)', () => {
    const a = valid() as { parameters: { trees: { threshold: (number | null)[] }[] } };
    a.parameters.trees[0]!.threshold[0] = Number.NaN;
    expect(loadRejection(write('nan.json', JSON.stringify(a))).message).toMatch(/bad parameters: parameters\.trees\.0\.threshold\.0/);
  });

  it('a tree whose child points back up (a cycle)', () => {
    const a = valid() as { parameters: { trees: { left: number[] }[] } };
    a.parameters.trees[0]!.left[0] = 0;
    expect(loadRejection(write('cycle.json', JSON.stringify(a))).message).toMatch(/node 0 has children outside/);
  });

  it('a threshold outside [0, 1] and a missing field', () => {
    expect(loadRejection(write('threshold.json', JSON.stringify({ ...valid(), threshold: 2 }))).message).toMatch(/threshold/);
    const { trainedAt: _, ...rest } = valid();
    expect(loadRejection(write('missing.json', JSON.stringify(rest))).message).toMatch(/trainedAt/);
  });

  it('JSON that is not an object', () => {
    expect(() => parseModelArtifact(null)).toThrow(/unsupported schemaVersion undefined/);
  });
});

describe('the reference score histogram', () => {
  const withHistogram = (histogram: Record<string, unknown>) => {
    const a = valid() as { reference: { scoreHistogram: Record<string, unknown> } };
    a.reference.scoreHistogram = { ...a.reference.scoreHistogram, ...histogram };
    return JSON.stringify(a);
  };

  it('is on the loaded model, as the artifact has it', () => {
    const model = loadModel();
    const { edges, counts } = (valid() as { reference: { scoreHistogram: { edges: number[]; counts: number[] } } }).reference.scoreHistogram;
    expect(model.reference.scoreHistogram).toEqual({ edges, counts });
    expect(model.reference.featureQuantiles.tx_amount?.values.length).toBeGreaterThan(0);
  });

  it.each([
    { name: 'edges not starting at 0', histogram: { edges: [0.1, 0.5, 1], counts: [1, 1] }, problem: /reference\.scoreHistogram\.edges: edges must run from 0 to 1/ },
    { name: 'edges not ending at 1', histogram: { edges: [0, 0.5, 0.9], counts: [1, 1] }, problem: /reference\.scoreHistogram\.edges: edges must run from 0 to 1/ },
    { name: 'edges not increasing', histogram: { edges: [0, 0.5, 0.5, 1], counts: [1, 1, 1] }, problem: /reference\.scoreHistogram\.edges\.2: edges must increase/ },
    { name: 'one count too many', histogram: { edges: [0, 0.5, 1], counts: [1, 1, 1] }, problem: /reference\.scoreHistogram\.counts: counts has 3 buckets, edges define 2/ },
    { name: 'only zero counts', histogram: { edges: [0, 0.5, 1], counts: [0, 0] }, problem: /reference\.scoreHistogram\.counts: counts must not all be 0/ },
    { name: 'a negative count', histogram: { edges: [0, 0.5, 1], counts: [-1, 3] }, problem: /reference\.scoreHistogram\.counts\.0/ },
  ])('a histogram with $name fails the load, naming it', ({ name, histogram, problem }) => {
    expect(loadRejection(write(`${name}.json`, withHistogram(histogram))).message).toMatch(problem);
  });

  // Every artifact the trainer writes has one; a model without a baseline cannot be monitored for drift.
  it('is required', () => {
    const { reference: _, ...rest } = valid();
    expect(loadRejection(write('no-reference.json', JSON.stringify(rest))).message).toMatch(/reference: /);
  });
});

describe('scoreBucket', () => {
  const edges = [0, 0.01, 0.5, 1];

  it('puts a score in the bucket [edge, next edge), the last one closed at 1', () => {
    expect([0, 0.005, 0.01, 0.2, 0.5, 0.99, 1].map((s) => scoreBucket(edges, s))).toEqual([0, 0, 1, 1, 2, 2, 2]);
  });

  it('puts scores outside [0, 1] in the end buckets', () => {
    expect([scoreBucket(edges, -0.1), scoreBucket(edges, 1.5)]).toEqual([0, 2]);
  });

  it('agrees with a linear scan on the committed edges', () => {
    const committed = loadModel().reference.scoreHistogram.edges;
    for (let s = 0; s <= 1; s += 0.0025) {
      const scan = committed.findLastIndex((edge, i) => i < committed.length - 1 && s >= edge);
      expect(scoreBucket(committed, s), String(s)).toBe(scan);
    }
  });
});

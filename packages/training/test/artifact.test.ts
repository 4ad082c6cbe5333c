import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_MODEL_PATH, loadModel, parseModelArtifact } from '@fraudwatch/model';
import { ARTIFACTS_DIR, buildArtifact, saveModelArtifact } from '../src/artifact.js';

const dir = mkdtempSync(join(tmpdir(), 'fraudwatch-training-artifact-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const committed = parseModelArtifact(JSON.parse(readFileSync(DEFAULT_MODEL_PATH, 'utf8')));

describe('buildArtifact', () => {
  it('versions a model by its trained date and a hash of its parameters and scaling: the committed one rebuilds to its own version', () => {
    const { parameters, scaling, ...facts } = committed;
    const rebuilt = buildArtifact({ ...facts, model: { parameters, scaling }, trainedAt: new Date(committed.trainedAt) });
    expect(rebuilt).toEqual(committed);
    const otherDay = buildArtifact({ ...facts, model: { parameters, scaling }, trainedAt: new Date('2030-01-02T00:00:00Z') });
    expect(otherDay.version).toBe(`2030-01-02.${committed.version.split('.')[1]}`);
  });
});

describe('saveModelArtifact', () => {
  it('takes a relative path inside packages/model/artifacts, beside the model the predictor serves', () => {
    expect(ARTIFACTS_DIR).toBe(dirname(DEFAULT_MODEL_PATH));
    const target = join(dir, 'relative.json');
    expect(saveModelArtifact(relative(ARTIFACTS_DIR, target), committed)).toBe(target);
    expect(loadModel(target).card.version).toBe(committed.version);
  });
});

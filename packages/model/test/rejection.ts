import { expect } from 'vitest';
import { loadModel, ModelArtifactError, type LoadModelOptions } from '../src/artifact.js';

/** The error loadModel throws for `path`, checked to be a ModelArtifactError naming the path. */
export function loadRejection(path: string, options: LoadModelOptions = {}): ModelArtifactError {
  try {
    loadModel(path, options);
  } catch (error) {
    expect(error).toBeInstanceOf(ModelArtifactError);
    expect((error as Error).message).toContain(path);
    return error as ModelArtifactError;
  }
  throw new Error(`${path} was accepted`);
}

import { FEATURE_NAMES, type ModelParameters, type Scaling } from '@fraudwatch/model';

/** What every learner fits on: feature vectors in FEATURE_NAMES order and their labels, row for row. */
export interface TrainingSet {
  readonly rows: readonly Float64Array[];
  readonly labels: readonly boolean[];
}

/** What every learner gives the artifact: its parameters and the scaling they expect. */
export interface FittedModel<P extends ModelParameters = ModelParameters> {
  readonly parameters: P;
  readonly scaling: Scaling;
}

/** Trees split raw feature values: no standardisation. */
export const IDENTITY_SCALING: Scaling = {
  mean: FEATURE_NAMES.map(() => 0),
  scale: FEATURE_NAMES.map(() => 1),
};

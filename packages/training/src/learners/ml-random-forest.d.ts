// The package's own typings declare a class extending an interface and do not compile; this
// declares the part used here.
declare module 'ml-random-forest' {
  export interface RandomForestClassifierOptions {
    nEstimators: number;
    maxFeatures: number;
    replacement: boolean;
    useSampleBagging: boolean;
    noOOB: boolean;
    seed: number;
    treeOptions: { maxDepth: number; minNumSamples: number };
  }
  export class RandomForestClassifier {
    constructor(options: RandomForestClassifierOptions);
    train(trainingSet: number[][], trainingValues: number[]): void;
    /** One column per tree: each tree's predicted class. */
    predictionValues(toPredict: number[][]): { to2DArray(): number[][] };
    toJSON(): unknown;
    /** Per tree, the feature columns it was trained on. */
    readonly indexes: number[][];
    readonly estimators: { readonly root: { classify(row: number[]): { readonly columns: number; get(row: number, column: number): number } } }[];
  }
}

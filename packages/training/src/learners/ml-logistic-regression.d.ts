// The package ships no typings; this declares the part used here.
declare module 'ml-logistic-regression' {
  import type { Matrix } from 'ml-matrix';
  export default class LogisticRegression {
    constructor(options: { numSteps: number; learningRate: number });
    train(X: Matrix, Y: Matrix): void;
    /** One-vs-all: classifiers[i] scores P(class ≠ i). */
    readonly classifiers: { readonly weights: Matrix; testScores(X: Matrix): number[] }[];
  }
}

#!/usr/bin/python3
"""Trains scikit-learn's RandomForestClassifier on FraudWatch's exported features and writes it as
FraudWatch forest parameters ({"kind": "forest", "trees": [...]}), which
`pnpm --filter @fraudwatch/training import-artifact` wraps into a servable artifact.

  /usr/bin/python3 sklearn_forest.py --train train.csv --out forest.json [--score test.csv]

Each tree becomes flat arrays (feature, threshold, left, right, value = the leaf's fraud share,
what predict_proba averages). scikit-learn sends float32(x) <= t left; FraudWatch sends x < T
left with x a double, so T is chosen to make both the same for every double x: with F the
largest float32 <= t, float32(x) <= F holds exactly for x below the midpoint of F and the next
float32 (and at the midpoint when F's last mantissa bit is even, where rounding goes to F).
--score prints predict_proba's fraud probabilities for a CSV as JSON, for the parity test.
"""
import argparse
import json
import sys

from feature_csv import FeatureCsvError, exit_missing, read_feature_csv


def import_sklearn():
    try:
        import numpy
        from sklearn.ensemble import RandomForestClassifier
    except ImportError as error:
        exit_missing(error, ["python3-sklearn", "python3-numpy"])
    return numpy, RandomForestClassifier


def read(path):
    try:
        return read_feature_csv(path)
    except (OSError, FeatureCsvError) as error:
        sys.exit(str(error))


def fraudwatch_threshold(np, t):
    """The T for which `x < T` (x a double) equals scikit-learn's `float32(x) <= t`."""
    f = np.float32(t)
    if float(f) > t:
        f = np.nextafter(f, np.float32(-np.inf))
    up = np.nextafter(f, np.float32(np.inf))
    midpoint = (float(f) + float(up)) / 2  # exact: float32 values have 24-bit mantissas
    even = int(np.array(f, dtype=np.float32).view(np.uint32)) & 1 == 0
    return float(np.nextafter(midpoint, np.inf)) if even else midpoint


def tree_arrays(np, tree):
    t = tree.tree_
    leaf = t.children_left == -1
    counts = t.value[:, 0, :]
    fraud_share = counts[:, 1] / counts.sum(axis=1)
    return {
        "feature": [-1 if leaf[n] else int(t.feature[n]) for n in range(t.node_count)],
        "threshold": [0.0 if leaf[n] else fraudwatch_threshold(np, float(t.threshold[n])) for n in range(t.node_count)],
        "left": [int(c) for c in t.children_left],
        "right": [int(c) for c in t.children_right],
        "value": [float(fraud_share[n]) if leaf[n] else 0.0 for n in range(t.node_count)],
    }


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--train", required=True, help="feature CSV to fit on")
    p.add_argument("--out", required=True, help="where to write the forest parameters (JSON)")
    p.add_argument("--trees", type=int, default=100)
    p.add_argument("--max-depth", type=int, default=8)
    p.add_argument("--min-samples-leaf", type=int, default=1)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--score", help="feature CSV to print predict_proba's fraud probabilities for (JSON)")
    args = p.parse_args()
    np, RandomForestClassifier = import_sklearn()
    names, rows, labels = read(args.train)
    if len(set(labels)) < 2:
        sys.exit(f"{args.train}: training needs both fraud and legit rows")
    forest = RandomForestClassifier(
        n_estimators=args.trees, max_depth=args.max_depth, min_samples_leaf=args.min_samples_leaf, random_state=args.seed, n_jobs=1
    )
    forest.fit(np.array(rows, dtype=np.float64), labels)
    if list(forest.classes_) != [0, 1]:
        sys.exit(f"classes are {list(forest.classes_)}, expected [0, 1]")
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump({"kind": "forest", "features": names, "trees": [tree_arrays(np, t) for t in forest.estimators_]}, f)
    if args.score is not None:
        _, score_rows, _ = read(args.score)
        json.dump({"probabilities": forest.predict_proba(np.array(score_rows, dtype=np.float64))[:, 1].tolist()}, sys.stdout)


if __name__ == "__main__":
    main()

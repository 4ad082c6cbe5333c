#!/usr/bin/python3
"""Trains an XGBoost fraud model (binary:logistic) on FraudWatch's exported features.

Early stopping watches average precision on the validation set; the saved model keeps the trees
up to the best round only, so Booster.predict on the saved file (and FraudWatch serving it)
scores with the best model. The file is Booster.save_model JSON with feature_names set.

  /usr/bin/python3 train_xgboost.py --train train.csv --validation validation.csv --out model.json

With --refit FILE --refit-out FILE, the same parameters are then fitted on FILE for the number of
rounds early stopping chose, without a validation set: the handbook protocol's final model, fitted
on the week just before the label delay (validation-fit.csv / validation.csv choose the rounds,
train.csv is refitted; see packages/training/README.md).
"""
import argparse
import json
import sys

from feature_csv import FeatureCsvError, import_xgboost, read_feature_csv


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--train", required=True, help="feature CSV to fit on")
    p.add_argument("--validation", required=True, help="feature CSV for early stopping")
    p.add_argument("--out", required=True, help="where to write the model (JSON)")
    p.add_argument("--rounds", type=int, default=1000, help="most boosting rounds (default 1000)")
    p.add_argument("--early-stopping-rounds", type=int, default=50, help="rounds without a better validation AP before stopping (default 50)")
    p.add_argument("--max-depth", type=int, default=4)
    p.add_argument("--learning-rate", type=float, default=0.05)
    p.add_argument("--min-child-weight", type=float, default=1.0)
    p.add_argument("--subsample", type=float, default=0.8, help="share of rows per tree (default 0.8)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--threads", type=int, default=1, help="xgboost threads (default 1)")
    p.add_argument("--refit", help="feature CSV to fit again on, for the rounds early stopping chose")
    p.add_argument("--refit-out", help="where to write the refitted model (JSON)")
    return p.parse_args()


def load(np, xgb, path, names=None, training=False):
    """A DMatrix of a feature CSV; exits naming the file when it is unreadable or its features
    differ from `names` (those of the first file), or when a training file lacks a class."""
    try:
        file_names, rows, labels = read_feature_csv(path)
    except (OSError, FeatureCsvError) as error:
        sys.exit(str(error))
    if names is not None and file_names != names:
        sys.exit(f"{path}: features {file_names} differ from {names}")
    if training and len(set(labels)) < 2:
        sys.exit(f"{path}: training needs both fraud and legit rows")
    return xgb.DMatrix(np.array(rows, dtype=np.float64), label=labels, feature_names=file_names, missing=np.nan)


def main():
    args = parse_args()
    if (args.refit is None) != (args.refit_out is None):
        sys.exit("--refit and --refit-out go together")
    np, xgb = import_xgboost()
    train = load(np, xgb, args.train, training=True)
    names = train.feature_names
    validation = load(np, xgb, args.validation, names)
    refit = load(np, xgb, args.refit, names, training=True) if args.refit is not None else None
    params = {
        "objective": "binary:logistic",
        "eval_metric": "aucpr",
        "tree_method": "hist",
        "max_depth": args.max_depth,
        "eta": args.learning_rate,
        "min_child_weight": args.min_child_weight,
        "subsample": args.subsample,
        "seed": args.seed,
        "nthread": args.threads,
    }
    booster = xgb.train(
        params,
        train,
        num_boost_round=args.rounds,
        evals=[(validation, "validation")],
        early_stopping_rounds=args.early_stopping_rounds,
        verbose_eval=False,
    )
    best = booster.best_iteration
    best_score = booster.best_score
    # The booster still holds the rounds after the best one; Booster.predict would use them all.
    model = booster[: best + 1]
    model.set_attr(best_iteration=str(best), best_score=str(best_score))
    model.save_model(args.out)
    report = {"out": args.out, "trees": best + 1, "validation_average_precision": best_score, "features": names}
    if refit is not None:
        xgb.train(params, refit, num_boost_round=best + 1).save_model(args.refit_out)
        report["refit_out"] = args.refit_out
    print(json.dumps(report))


if __name__ == "__main__":
    main()

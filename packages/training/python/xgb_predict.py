#!/usr/bin/python3
"""Prints XGBoost's own scores for a feature CSV as JSON, to check another scorer against it.

  /usr/bin/python3 xgb_predict.py --model model.json --csv test.csv

Output: {"probabilities": [...], "margins": [...], "contributions": [[...], ...]} with one entry
per row; a row's contributions are Booster.predict(pred_contribs=True): one per feature, then
the bias.
"""
import argparse
import json
import sys

from feature_csv import FeatureCsvError, import_xgboost, read_feature_csv


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", required=True, help="Booster.save_model JSON")
    p.add_argument("--csv", required=True, help="feature CSV (the label column is read but not used)")
    args = p.parse_args()
    np, xgb = import_xgboost()
    try:
        names, rows, _ = read_feature_csv(args.csv)
    except (OSError, FeatureCsvError) as error:
        sys.exit(str(error))
    booster = xgb.Booster(model_file=args.model)
    data = xgb.DMatrix(np.array(rows, dtype=np.float64), feature_names=names, missing=np.nan)
    json.dump(
        {
            "probabilities": booster.predict(data).tolist(),
            "margins": booster.predict(data, output_margin=True).tolist(),
            "contributions": booster.predict(data, pred_contribs=True).tolist(),
        },
        sys.stdout,
    )


if __name__ == "__main__":
    main()

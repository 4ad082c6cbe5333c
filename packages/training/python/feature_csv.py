"""Reads the feature CSVs FraudWatch exports for training elsewhere.

Columns: transaction_id, tx_datetime, the model's features (in the order the model takes them),
and label (0 legit, 1 fraud). An empty feature cell is a missing value (NaN).
"""
import csv
import math
import sys

ID_COLUMNS = ["transaction_id", "tx_datetime"]
LABEL_COLUMN = "label"


class FeatureCsvError(Exception):
    pass


def _number(text, path, line, column):
    if text == "":
        return math.nan
    try:
        value = float(text)
    except ValueError:
        raise FeatureCsvError(f"{path}:{line}: column {column} is not a number: {text!r}") from None
    if math.isinf(value):
        raise FeatureCsvError(f"{path}:{line}: column {column} is infinite")
    return value


def read_feature_csv(path):
    """Returns (feature_names, rows of float features, labels) from a FraudWatch feature CSV."""
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader, None)
        if header is None:
            raise FeatureCsvError(f"{path}: empty file")
        if header[:2] != ID_COLUMNS or header[-1] != LABEL_COLUMN or len(header) < 4:
            raise FeatureCsvError(
                f"{path}: header must be {', '.join(ID_COLUMNS)}, the features, {LABEL_COLUMN}; got {', '.join(header)}"
            )
        names = header[2:-1]
        rows, labels = [], []
        for line, cells in enumerate(reader, start=2):
            if len(cells) != len(header):
                raise FeatureCsvError(f"{path}:{line}: {len(cells)} cells, the header has {len(header)}")
            rows.append([_number(c, path, line, names[i]) for i, c in enumerate(cells[2:-1])])
            if cells[-1] not in ("0", "1"):
                raise FeatureCsvError(f"{path}:{line}: {LABEL_COLUMN} must be 0 or 1, got {cells[-1]!r}")
            labels.append(int(cells[-1]))
    if not rows:
        raise FeatureCsvError(f"{path}: no rows")
    return names, rows, labels


def exit_missing(error, debian_packages):
    """Exits naming the interpreter that lacks a module and the Debian packages that provide it."""
    sys.exit(
        f"{error.name} is not importable by {sys.executable}: install Debian's {' and '.join(debian_packages)} "
        "(scripts/setup.sh does) and run this with /usr/bin/python3; a python3 earlier on PATH "
        "(pyenv, a virtualenv) does not see Debian's python3-* packages"
    )


def import_xgboost():
    """xgboost (and numpy), or exit naming the fix."""
    try:
        import numpy
        import xgboost
    except ImportError as error:
        exit_missing(error, ["python3-xgboost", "python3-numpy"])
    return numpy, xgboost

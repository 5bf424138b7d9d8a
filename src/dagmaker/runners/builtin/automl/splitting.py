"""Splitting rows: a held-out validation set, and cross-validation folds.

Both are stratified by class for classification and shuffled with a fixed seed, so
every candidate of a job sees the same split. Folds: ``MAX_FOLDS`` when every class
has that many rows, fewer otherwise (never fewer than 2).
"""

from __future__ import annotations

import numpy as np
from sklearn.model_selection import KFold, StratifiedKFold, train_test_split

from dagmaker.errors import JobFailure

MAX_FOLDS = 5
MIN_ROWS = 10


def check_rows(labels: np.ndarray, classification: bool) -> None:
    """Refuse data too small to split.

    Raises:
        JobFailure: for fewer than ``MIN_ROWS`` rows, or a class with a single row.
    """
    if len(labels) < MIN_ROWS:
        raise JobFailure(
            f"the data has {len(labels)} rows with a target; AutoML needs at least {MIN_ROWS}"
        )
    if classification:
        counts = np.bincount(labels)
        present = counts[counts > 0]
        if present.min() < 2:
            raise JobFailure(
                "a class has a single row; every class needs at least two rows to be both "
                "trained on and validated"
            )


def fold_count(labels: np.ndarray, classification: bool) -> int:
    """How many folds the rows allow (2 to ``MAX_FOLDS``)."""
    if classification:
        counts = np.bincount(labels)
        smallest = int(counts[counts > 0].min())
        return max(2, min(MAX_FOLDS, smallest))
    return max(2, min(MAX_FOLDS, len(labels) // 2))


def assign_folds(labels: np.ndarray, folds: int, classification: bool, seed: int) -> np.ndarray:
    """The fold (0 to ``folds - 1``) each row is validated in."""
    splitter = (
        StratifiedKFold(folds, shuffle=True, random_state=seed)
        if classification
        else KFold(folds, shuffle=True, random_state=seed)
    )
    assigned = np.zeros(len(labels), dtype=np.int64)
    for fold, (_, rows) in enumerate(splitter.split(np.zeros(len(labels)), labels)):
        assigned[rows] = fold
    return assigned


def holdout(
    labels: np.ndarray, fraction: float, classification: bool, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """Row positions of the training part and of the held-out part.

    Raises:
        JobFailure: when the fraction leaves a part without rows (or a class).
    """
    positions = np.arange(len(labels))
    try:
        train, held = train_test_split(
            positions,
            test_size=fraction,
            random_state=seed,
            stratify=labels if classification else None,
        )
    except ValueError as error:
        raise JobFailure(
            f"cannot hold out a validation fraction of {fraction} of {len(labels)} rows: {error}"
        ) from None
    return np.sort(train), np.sort(held)

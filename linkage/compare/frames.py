"""Columns of aligned left/right record frames, for kernels that compare several fields."""

from __future__ import annotations

import numpy as np
import pandas as pd

from linkage.compare.pairs import check_aligned, missing, values


class FramePair:
    """Aligned left and right frames (by position): pair i is row i of each.

    A column absent from a frame reads as all missing, so a source without e.g. rooms still
    compares on what it has.
    """

    def __init__(self, left: pd.DataFrame, right: pd.DataFrame):
        self.n = check_aligned(left, right)
        self._left, self._right = left, right
        self._cache: dict[str, tuple[np.ndarray, np.ndarray]] = {}

    def sides(self, column: str) -> tuple[np.ndarray, np.ndarray]:
        """(left, right) values of a column, None where missing."""
        if column not in self._cache:
            self._cache[column] = (self._values(self._left, column),
                                   self._values(self._right, column))
        return self._cache[column]

    def _values(self, frame: pd.DataFrame, column: str) -> np.ndarray:
        if column in frame.columns:
            return values(frame[column])
        return np.full(self.n, None, dtype=object)

    def known(self, column: str) -> tuple[np.ndarray, np.ndarray]:
        """Whether each side has a value."""
        a, b = self.sides(column)
        return ~missing(a), ~missing(b)

    def equal(self, column: str) -> np.ndarray:
        """Both known and equal."""
        a, b = self.sides(column)
        ka, kb = self.known(column)
        return ka & kb & (a == b)

    def differ(self, column: str) -> np.ndarray:
        """Both known and different."""
        a, b = self.sides(column)
        ka, kb = self.known(column)
        return ka & kb & (a != b)

    def same_or_both_missing(self, column: str) -> np.ndarray:
        """Equal, or missing on both sides."""
        ka, kb = self.known(column)
        return self.equal(column) | (~ka & ~kb)

    def same_or_one_missing(self, column: str) -> np.ndarray:
        """Not known to differ."""
        return ~self.differ(column)

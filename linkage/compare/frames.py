"""Columns of aligned left/right record frames, for kernels that compare several fields."""

from __future__ import annotations

import numpy as np
import pandas as pd

from linkage.compare.pairs import check_aligned, column, known


class FramePair:
    """Aligned left and right frames (by position): pair i is row i of each.

    A column absent from a frame reads as all missing, so a source without e.g. rooms still
    compares on what it has.
    """

    def __init__(self, left: pd.DataFrame, right: pd.DataFrame):
        self.n = check_aligned(left, right)
        self._left, self._right = left, right
        self._cache: dict[str, tuple[np.ndarray, ...]] = {}

    def sides(self, column: str) -> tuple[np.ndarray, np.ndarray]:
        """(left, right) values of a column (compare them only where :meth:`known`)."""
        return self._values(self._left, column), self._values(self._right, column)

    def known(self, column: str) -> tuple[np.ndarray, np.ndarray]:
        """Whether each side has a value (not None, NaN or '')."""
        return self._column(column)[2:]

    def _column(self, name: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(left, right, known left, known right), where left/right are comparable for
        equality: integer codes for categorical columns (factorised once per record, not per
        pair), else the values."""
        if name not in self._cache:
            a, b = self._comparable(self._left, name), self._comparable(self._right, name)
            if a.dtype == object:
                ka, kb = known(a), known(b)
            else:
                ka, kb = a >= 0, b >= 0
            self._cache[name] = (a, b, ka, kb)
        return self._cache[name]

    def _comparable(self, frame: pd.DataFrame, name: str) -> np.ndarray:
        if name in frame.columns and isinstance(frame[name].dtype, pd.CategoricalDtype):
            series = frame[name]
            codes = series.cat.codes.to_numpy().astype(np.int32)
            blank = series.cat.categories.get_indexer([""])[0]
            if blank >= 0:  # '' is missing, as everywhere
                codes[codes == blank] = -1
            return codes
        return self._values(frame, name)

    def _values(self, frame: pd.DataFrame, name: str) -> np.ndarray:
        if name in frame.columns:
            return column(frame[name])
        return np.full(self.n, None, dtype=object)

    def equal(self, name: str) -> np.ndarray:
        """Both known and equal."""
        a, b, ka, kb = self._column(name)
        return ka & kb & (a == b)

    def differ(self, name: str) -> np.ndarray:
        """Both known and different."""
        a, b, ka, kb = self._column(name)
        return ka & kb & (a != b)

    def same_or_both_missing(self, name: str) -> np.ndarray:
        """Equal, or missing on both sides."""
        a, b, ka, kb = self._column(name)
        return (ka & kb & (a == b)) | (~ka & ~kb)

    def same_or_one_missing(self, name: str) -> np.ndarray:
        """Not known to differ."""
        return ~self.differ(name)

"""Every kernel keeps the contract: int8 levels, one per aligned pair, -1 for missing."""

import numpy as np
import pandas as pd
import pytest

from linkage import compare

COLUMN_KERNELS = [compare.person_name_levels, compare.id_number_levels, compare.date_levels,
                  compare.phone_levels, compare.exact_levels, compare.jaro_winkler_levels,
                  compare.levenshtein_levels, compare.email_levels]
FRAME_KERNELS = [compare.address_levels, compare.company_name_levels]


@pytest.mark.parametrize("kernel", COLUMN_KERNELS, ids=lambda k: k.__name__)
def test_column_kernel_contract(kernel):
    a = pd.Series(["x1", None, np.nan, "", "x1"])
    b = pd.Series(["x1", "x1", "x1", "x1", None])
    out = kernel(a, b)
    assert out.dtype == np.int8
    assert out.tolist()[1:] == [-1, -1, -1, -1]
    assert kernel(np.array([], dtype=object), np.array([], dtype=object)).tolist() == []


@pytest.mark.parametrize("kernel", COLUMN_KERNELS, ids=lambda k: k.__name__)
def test_column_kernel_rejects_unaligned_columns(kernel):
    with pytest.raises(ValueError, match="aligned"):
        kernel(["a", "b"], ["a"])


@pytest.mark.parametrize("kernel", FRAME_KERNELS, ids=lambda k: k.__name__)
def test_frame_kernel_contract(kernel):
    empty = pd.DataFrame({"addr_city": [None], "co_core": [None]})
    out = kernel(empty, empty)
    assert out.dtype == np.int8 and out.tolist() == [-1]
    with pytest.raises(ValueError, match="aligned"):
        kernel(pd.DataFrame({"x": [1, 2]}), pd.DataFrame({"x": [1]}))


def test_kernels_ignore_the_index_and_align_by_position():
    a = pd.Series(["张伟", "李娜"], index=[10, 11])
    b = pd.Series(["李娜", "张伟"], index=[11, 10])
    assert compare.person_name_levels(a, b).tolist() == [0, 0]
    assert compare.exact_levels(a, b).tolist() == [0, 0]


def test_geo_and_numeric_kernels_take_missing_numbers():
    assert compare.geo_levels([None], [31.0], [121.0], [31.0]).tolist() == [-1]
    assert compare.numeric_abs_diff_levels([np.nan], [1]).tolist() == [-1]

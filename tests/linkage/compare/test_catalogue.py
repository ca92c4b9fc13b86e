import json

import numpy as np
import pandas as pd
import pytest

from linkage.compare import Comparison, comparison_levels

RECORDS = pd.DataFrame({
    "name_key": ["张伟", "张玮", "李娜"],
    "name_pinyin": ["zhang wei", "zhang wei", "li na"],
    "id_number": ["11010519491231002X", "11010519491231003X", None],
    "id_valid": [True, False, None],
    "birth_date": ["1985-03-02", "1985-02-03", "1990-01-01"],
    "phone": ["13812345678", "13812345678", None],
    "addr_city": ["南京市", "南京市", "上海市"],
    "addr_district": ["鼓楼区", "鼓楼区", None],
    "lng": [118.78, 118.7801, None],
    "lat": [32.06, 32.06, None],
}, index=[100, 101, 102])

SETTINGS = [
    {"name": "name", "kernel": "person_name"},
    {"kernel": "id_number"},
    {"name": "dob", "kernel": "date", "columns": ["birth_date"]},
    {"kernel": "phone"},
    {"kernel": "address"},
    {"kernel": "geo"},
    {"name": "lat_close", "kernel": "numeric_abs_diff", "columns": ["lat"],
     "params": {"thresholds": [0.001]}},
]


def test_comparison_levels_gives_one_int8_column_per_comparison():
    out = comparison_levels(RECORDS, np.array([0, 0]), np.array([1, 2]), SETTINGS)
    assert list(out.columns) == ["name", "id_number", "dob", "phone", "address", "geo", "lat_close"]
    assert all(out[c].dtype == np.int8 for c in out.columns)
    assert out.iloc[0].tolist() == [3, 2, 2, 2, 2, 3, 2]
    assert out.iloc[1].tolist() == [0, -1, 0, -1, 0, -1, -1]


def test_comparison_settings_round_trip_through_json():
    comps = [Comparison.from_dict(d) for d in SETTINGS]
    again = [Comparison.from_dict(json.loads(json.dumps(c.to_dict()))) for c in comps]
    assert again == comps


def test_unknown_kernel_and_missing_column_say_the_fix():
    with pytest.raises(ValueError, match="unknown kernel 'soundex'.*person_name"):
        Comparison.from_dict({"kernel": "soundex", "columns": ["x"]})
    with pytest.raises(ValueError, match="give 'columns'"):
        Comparison.from_dict({"kernel": "exact"})
    with pytest.raises(ValueError, match="'first_name'.*columns: name_key"):
        comparison_levels(RECORDS, np.array([0]), np.array([1]),
                          [{"kernel": "exact", "columns": ["first_name"]}])

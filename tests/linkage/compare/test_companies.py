import pandas as pd

from linkage.compare import company_conflict, company_name_levels
from linkage.compare.companies import regions_compatible
from loaders.standardise.company_name import parse_company_names

_FIELDS = {"region": "co_region", "trade_name": "co_trade_name", "industry": "co_industry",
           "form_family": "co_form_family", "branch": "co_branch", "core": "co_core"}


def _frame(names):
    return pd.DataFrame([{col: getattr(c, f) for f, col in _FIELDS.items()}
                         for c in parse_company_names(names)])


def _compare(pairs):
    a, b = _frame([p[0] for p in pairs]), _frame([p[1] for p in pairs])
    return company_name_levels(a, b).tolist(), company_conflict(a, b).tolist()


def test_same_company_written_two_ways_is_level_4():
    levels, conflict = _compare([("上海宏达电子科技有限公司", "宏达电子科技(上海)有限公司")])
    assert levels == [4] and conflict == [False]


def test_region_missing_on_one_side_is_level_3():
    levels, conflict = _compare([("上海宏达电子科技有限公司", "宏达电子科技有限公司")])
    assert levels == [3] and conflict == [False]


def test_branch_conflicts_with_head_office():
    levels, conflict = _compare([("上海宏达电子科技有限公司", "上海宏达电子科技有限公司浦东分公司")])
    assert levels == [3] and conflict == [True]


def test_different_regions_and_forms_conflict():
    levels, conflict = _compare([("上海宏达电子科技有限公司", "北京宏达电子科技有限公司"),
                                 ("上海宏达电子科技有限公司", "上海宏达电子科技股份有限公司")])
    assert conflict == [True, True]
    assert levels[0] == 2  # same trade name and industry, regions apart


def test_similar_trade_name_same_industry_is_level_2_and_other_industry_level_1():
    a = pd.DataFrame({"co_core": ["宏达电子科技", "宏达电子科技"], "co_trade_name": ["宏达", "宏达"],
                      "co_industry": ["电子科技", "电子科技"]})
    b = pd.DataFrame({"co_core": ["宏达x电子科技", "宏达餐饮"], "co_trade_name": ["宏达", "宏达"],
                      "co_industry": ["电子科技", "餐饮"]})
    assert company_name_levels(a, b).tolist() == [2, 1]


def test_missing_name_is_minus_1():
    a = pd.DataFrame({"co_core": [None], "co_trade_name": [None]})
    b = pd.DataFrame({"co_core": ["宏达电子科技"], "co_trade_name": ["宏达"]})
    assert company_name_levels(a, b).tolist() == [-1]


def test_regions_compatible_through_the_hierarchy():
    assert regions_compatible("浙江省", "杭州市")
    assert regions_compatible("鼓楼区", "福州市")
    assert not regions_compatible("上海市", "北京市")
    assert not regions_compatible("浙江省", "南京市")


def test_homophone_trade_name_same_industry_is_level_2():
    a = pd.DataFrame({"co_core": ["宏达电子科技", "宏达电子科技"], "co_trade_name": ["宏达", "宏达"],
                      "co_industry": ["电子科技", "电子科技"]})
    b = pd.DataFrame({"co_core": ["鸿达电子科技", "华达电子科技"], "co_trade_name": ["鸿达", "华达"],
                      "co_industry": ["电子科技", "电子科技"]})
    assert company_name_levels(a, b).tolist() == [2, 0]

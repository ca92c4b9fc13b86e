import pytest

from loaders.standardise.company_name import parse_company_name, parse_company_names


@pytest.mark.parametrize("raw", ["上海宏达电子科技有限公司", "宏达电子科技（上海）有限公司",
                                 "宏达电子科技(上海)有限公司", "上海市宏达电子科技有限公司"])
def test_region_is_taken_out_of_the_core(raw):
    name = parse_company_name(raw)
    assert name.region == "上海市"
    assert (name.trade_name, name.industry, name.core) == ("宏达", "电子科技", "宏达电子科技")
    assert (name.legal_form, name.form_family, name.branch) == ("有限公司", "limited", None)


def test_branch_is_split_off_and_keeps_head_office_core():
    name = parse_company_name("上海宏达电子科技有限公司浦东分公司")
    assert name.branch == "浦东分公司"
    assert name.core == parse_company_name("上海宏达电子科技有限公司").core
    assert name.key != parse_company_name("上海宏达电子科技有限公司").key


def test_traditional_name_has_the_simplified_core_and_key():
    trad, simp = parse_company_name("宏達電子科技有限公司"), parse_company_name("宏达电子科技有限公司")
    assert trad.core == simp.core == "宏达电子科技"
    assert trad.key == simp.key
    assert trad.display == "宏達電子科技有限公司"


def test_joint_stock_family():
    name = parse_company_name("北京宏达电子科技股份有限公司")
    assert (name.region, name.legal_form, name.form_family) == ("北京市", "股份有限公司", "joint_stock")


@pytest.mark.parametrize("raw,form,family", [
    ("宏达投资管理合伙企业（有限合伙）", "合伙企业(有限合伙)", "partnership"),
    ("宏达贸易有限责任公司", "有限责任公司", "limited"),
    ("浙江吉利控股集团有限公司", "集团有限公司", "limited"),
    ("张三五金店", "店", "other"),
])
def test_legal_forms_and_families(raw, form, family):
    name = parse_company_name(raw)
    assert (name.legal_form, name.form_family) == (form, family)


def test_zhongguo_stays_in_the_name():
    name = parse_company_name("中国工商银行股份有限公司北京分行")
    assert name.trade_name.startswith("中国") and name.region is None
    assert name.branch == "北京分行"


def test_bank_branch_without_legal_form():
    name = parse_company_name("中国银行北京市分行")
    assert name.branch == "北京市分行" and name.core == "中国银行"


def test_short_district_names_are_not_stripped_from_trade_names():
    assert parse_company_name("长安汽车股份有限公司").trade_name == "长安"
    assert parse_company_name("上海浦东发展银行股份有限公司").trade_name == "浦东"


def test_region_is_kept_when_nothing_else_would_be_left():
    name = parse_company_name("普洱茶业有限公司")
    assert name.core == "普洱茶业"


def test_shop_words_are_industry_not_legal_form():
    name = parse_company_name("宏达饭店")
    assert (name.trade_name, name.industry, name.legal_form) == ("宏达", "饭店", None)


def test_batch_parse_equals_one_by_one():
    values = ["上海宏达电子科技有限公司", "宏達電子科技（上海）有限公司", None, "nan", "中国银行北京市分行"]
    assert parse_company_names(values) == [parse_company_name(v) for v in values]


def test_numbered_shop_branch():
    name = parse_company_name("宏达超市第一分店")
    assert (name.branch, name.core) == ("第一分店", "宏达超市")


def test_sole_trader_shop_words_are_not_branches():
    name = parse_company_name("张三五金经营部")
    assert name.branch is None and name.legal_form == "经营部"


def test_latin_company_name_keeps_its_spaces_for_display():
    name = parse_company_name("ACME Trading  Co., Ltd.")
    assert name.display == "ACME Trading Co., Ltd."
    assert name.key == "acmetradingcoltd"


@pytest.mark.parametrize("raw,branch,core", [
    ("上海大地五金杨浦分公司", "杨浦分公司", "大地五金"),
    ("北京联荣网络科技海淀分公司", "海淀分公司", "联荣网络科技"),
])
def test_branch_after_a_district_name_without_legal_form(raw, branch, core):
    name = parse_company_name(raw)
    assert (name.branch, name.core) == (branch, core)


def test_city_name_used_as_trade_name_is_kept_when_only_industry_would_remain():
    assert parse_company_name("金昌信息技术有限公司").trade_name == "金昌"
    assert parse_company_name("福州金昌信息技术有限公司").trade_name == "金昌"

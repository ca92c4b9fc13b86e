"""The organisation sources: market registration (市场监管, XLSX) and tax (税务, CSV with BOM)."""

from __future__ import annotations

import numpy as np

from loaders.sample import dates
from loaders.sample.addresses import AddressStyle, render
from loaders.sample.corruption import Corruptor
from loaders.sample.organisations import Organisations
from loaders.sample.places import Places
from loaders.sample.population import Population
from loaders.sample.regions import Districts
from loaders.sample.sources import SourceTable, unique_numbers

ERROR_RATES = {
    "market_registration": {
        "coverage": 1.0, "legacy_duplicate": 0.01,  # of companies with a registration number
        "legal_rep_homophone": 0.005, "legal_rep_id_missing": 0.2, "legal_rep_id_mistyped": 0.003,
        "established_as_text": 0.15,
    },
    "tax": {
        "coverage": 0.92, "name_without_region": 0.25, "name_without_legal_form": 0.15,
        "name_region_in_brackets": 0.1, "name_traditional": 0.01,
        "old_tax_number": 0.03,  # of companies with a registration number: region + org code
        "uscc_mistyped": 0.005, "uscc_full_width": 0.005, "legal_rep_homophone": 0.01,
        "legal_rep_id_missing": 0.1, "legal_rep_id_mistyped": 0.005, "registered_later": 0.3,
    },
}

MARKET_ADDRESS = AddressStyle(drop_province=0.2, district_short=0.02, spaced=0.02)
TAX_ADDRESS = AddressStyle(drop_province=0.5, drop_city=0.05, abbreviate=0.1, district_short=0.15,
                           room_bare=0.2, spaced=0.05, full_width=0.02)
COMPANY_TYPES = {
    ("limited", False): "有限责任公司(自然人投资或控股)",
    ("joint_stock", False): "股份有限公司(非上市、自然人投资或控股)",
    ("partnership", False): "有限合伙企业",
    ("limited", True): "有限责任公司分公司(自然人投资或控股)",
    ("joint_stock", True): "股份有限公司分公司(非上市、自然人投资或控股)",
}


def org_entity(index: np.ndarray, width: int) -> np.ndarray:
    """True organisation ids ``O000001`` … for organisation row indices."""
    return ("O" + np.char.zfill((np.asarray(index) + 1).astype(str), width)).astype(object)


def written_names(orgs: Organisations, idx: np.ndarray, rng: np.random.Generator, no_region: float = 0.0,
                  no_form: float = 0.0, bracket: float = 0.0) -> np.ndarray:
    """Company names as a department writes them: in full (上海宏达电子科技有限公司), without the
    region (宏达电子科技有限公司), without the legal form (上海宏达电子科技) or with the region in
    brackets (宏达电子科技（上海）有限公司); a branch keeps its 分公司 suffix."""
    idx = np.asarray(idx)
    region, trade, industry = orgs.region[idx], orgs.trade[idx], orgs.industry[idx]
    form, suffix = orgs.legal_form[idx], orgs.branch_suffix[idx]
    full = region + trade + industry + form + suffix
    u = rng.random(len(idx))
    half = rng.random(len(idx)) < 0.3
    bracketed = trade + industry + np.where(half, "(", "（") + region + np.where(half, ")", "）") + form + suffix
    out = np.where(u < no_region, trade + industry + form + suffix,
                   np.where(u < no_region + no_form, region + trade + industry + suffix,
                            np.where(u < no_region + no_form + bracket, bracketed, full)))
    return out.astype(object)


def _established_cells(rng, established: np.ndarray, text_rate: float) -> np.ndarray:
    """Real dates for Excel, some as text typed in three ways."""
    cells = established.astype("datetime64[D]").astype(object)
    u = rng.random(len(cells))
    as_text = u < text_rate
    kinds = np.where(u < text_rate / 3, 0, np.where(u < 2 * text_rate / 3, 1, 2))
    texts = np.where(kinds == 0, dates.iso(established), np.where(kinds == 1, dates.chinese(established),
                                                                  dates.compact(established)))
    cells[as_text] = texts[as_text]
    return cells


def market_registration(orgs: Organisations, pop: Population, places: Places, d: Districts,
                        rng: np.random.Generator, cor: Corruptor, width: int) -> SourceTable:
    """市场监管: XLSX with Chinese headers; the authority for a company's identity."""
    r = ERROR_RATES["market_registration"]
    src = "market_registration"
    n = len(orgs)
    legacy = np.flatnonzero((orgs.reg_no != "") & (rng.random(n) < r["legacy_duplicate"]))
    rows = np.concatenate([np.arange(n), legacy])
    is_legacy = np.concatenate([np.zeros(n, bool), np.ones(len(legacy), bool)])
    cor._tally(src, "legacy_duplicate", len(legacy))
    uscc = np.where(is_legacy, "", orgs.uscc[rows]).astype(object)
    rep = orgs.legal_rep[rows]
    rep_name = cor.homophone(src, pop.name[rep], r["legal_rep_homophone"], "legal_rep_homophone")
    rep_id = cor.mistype_id(src, pop.id_number[rep], r["legal_rep_id_mistyped"], "legal_rep_id_mistyped")
    rep_id = cor.missing(src, rep_id, r["legal_rep_id_missing"], "legal_rep_id_missing")
    branch = orgs.branch_of[rows] >= 0
    kind = np.array([COMPANY_TYPES[(f if not (b and f == "partnership") else "limited", bool(b))]
                     for f, b in zip(orgs.family[rows], branch)], dtype=object)
    key = unique_numbers(rng, len(rows), 16)
    key[is_legacy] = "GS" + key[is_legacy]
    columns = {
        "主体身份代码": key,
        "统一社会信用代码": uscc,
        "企业名称": orgs.name[rows],
        "注册号": orgs.reg_no[rows],
        "企业类型": kind,
        "法定代表人": rep_name,
        "法定代表人证件号码": rep_id,
        "成立日期": _established_cells(rng, orgs.established[rows], r["established_as_text"]),
        "住所": render(places, d, places.index_of(orgs.address[rows]), rng, MARKET_ADDRESS),
        "登记状态": np.full(len(rows), "存续（在营、开业、在册）", dtype=object),
    }
    return SourceTable(
        name=src, kind="organization", format="xlsx", encoding="utf-8", key="主体身份代码", columns=columns,
        entity=org_entity(rows, width),
        fields={"name": "企业名称", "uscc": "统一社会信用代码", "reg_no": "注册号", "legal_rep_name": "法定代表人",
                "legal_rep_id_number": "法定代表人证件号码", "established": "成立日期", "address": "住所"},
        authority=["name", "uscc", "reg_no", "legal_rep_name", "established", "address"],
        description="市场监管 market registration: XLSX, Chinese headers, 成立日期 as Excel dates or text",
    )


def tax(orgs: Organisations, pop: Population, places: Places, d: Districts, rng: np.random.Generator,
        cor: Corruptor, width: int) -> SourceTable:
    """税务: UTF-8 CSV with a BOM and pinyin headers; names written with or without region or form."""
    r = ERROR_RATES["tax"]
    src = "tax"
    n = len(orgs)
    rows = np.flatnonzero(rng.random(n) < r["coverage"])
    nsrsbh = orgs.uscc[rows].copy()
    old = (orgs.reg_no[rows] != "") & (rng.random(len(rows)) < r["old_tax_number"])
    nsrsbh[old] = d.code[orgs.district[rows][old]] + orgs.org_code[rows][old]
    cor._tally(src, "old_tax_number", old.sum())
    nsrsbh = cor.mistype_uscc(src, nsrsbh, r["uscc_mistyped"])
    nsrsbh = cor.full_width(src, nsrsbh, r["uscc_full_width"], "uscc_full_width")
    name = written_names(orgs, rows, rng, r["name_without_region"], r["name_without_legal_form"],
                         r["name_region_in_brackets"])
    name = cor.traditional(src, name, r["name_traditional"], "name_traditional")
    rep = orgs.legal_rep[rows]
    rep_name = cor.homophone(src, pop.name[rep], r["legal_rep_homophone"], "legal_rep_homophone")
    rep_id = cor.mistype_id(src, pop.id_number[rep], r["legal_rep_id_mistyped"], "legal_rep_id_mistyped")
    rep_id = cor.missing(src, rep_id, r["legal_rep_id_missing"], "legal_rep_id_missing")
    later = rng.random(len(rows)) < r["registered_later"]
    registered = orgs.established[rows] + np.where(later, rng.integers(1, 31, len(rows)), 0).astype("timedelta64[D]")
    columns = {
        "djxh": unique_numbers(rng, len(rows), 20),
        "nsrsbh": nsrsbh,
        "nsrmc": name,
        "fddbrxm": rep_name,
        "fddbrsfzh": rep_id,
        "zcdz": render(places, d, places.index_of(orgs.address[rows]), rng, TAX_ADDRESS),
        "djrq": dates.iso(registered),
        "nsrzt": np.full(len(rows), "正常", dtype=object),
    }
    return SourceTable(
        name=src, kind="organization", format="csv", encoding="utf-8-sig", key="djxh", columns=columns,
        entity=org_entity(rows, width),
        fields={"name": "nsrmc", "uscc": "nsrsbh", "legal_rep_name": "fddbrxm",
                "legal_rep_id_number": "fddbrsfzh", "address": "zcdz", "established": "djrq"},
        description="税务 tax: UTF-8 with BOM, pinyin headers; nsrsbh is the credit code (old 15-character "
                    "tax numbers for some); djrq is the tax registration date, up to 30 days after founding",
    )

"""The person sources: household registration (户籍), social security (社保) and health (卫健).

Each has its own headers, codes, date format, encoding and error profile; rates are fractions of
the rows a source holds (see ``ERROR_RATES``).
"""

from __future__ import annotations

import numpy as np

from loaders.sample import dates
from loaders.sample.addresses import AddressStyle, render
from loaders.sample.corruption import Corruptor
from loaders.sample.organisations import Employment, Organisations
from loaders.sample.organisation_sources import written_names
from loaders.sample.places import Places
from loaders.sample.population import Population
from loaders.sample.regions import Districts
from loaders.sample.sources import SourceTable, unique_numbers

ERROR_RATES = {
    "household": {
        "coverage": 0.96, "duplicate_person": 0.003, "homophone": 0.003, "lookalike": 0.002,
        "id_mistyped": 0.002, "birth_date_missing": 0.002, "phone_missing": 0.03,
        "landline_instead_of_mobile": 0.5,  # of people whose household has a landline
    },
    "social_security": {
        "coverage": "employed people; job changers twice", "homophone": 0.015, "lookalike": 0.005,
        "traditional": 0.003, "id_mistyped": 0.005, "id_full_width": 0.01, "id_missing": 0.003,
        "birth_date_missing": 0.005, "phone_missing": 0.03, "address_missing": 0.05,
        "address_not_updated": 0.4,  # of people who moved (current registration)
        "employer_uscc_missing": 0.08, "minority_separator": 0.3,
    },
    "health": {
        "coverage": 0.75, "duplicate_person": 0.02, "homophone": 0.02, "lookalike": 0.01,
        "traditional_name": 0.04, "traditional_address": 0.05, "id_15_digits": 0.25,  # born < 1980
        "id_mistyped": 0.008, "id_full_width": 0.03, "id_missing": 0.04, "id_missing_child": 0.25,
        "phone_full_width": 0.02, "phone_not_updated": 0.5, "address_not_updated": 0.5,
        "address_missing": 0.06, "birth_date_missing": 0.01, "sex_missing": 0.01,
        "minority_separator": 0.5, "transliteration": 0.15,
    },
}

HOUSEHOLD_ADDRESS = AddressStyle(drop_province=0.1, building_variant=0.02)
SOCIAL_SECURITY_ADDRESS = AddressStyle(drop_province=0.5, drop_city=0.05, abbreviate=0.1, district_short=0.1,
                                       estate_in_lane=0.3, drop_road=0.2, drop_estate=0.2,
                                       building_variant=0.2, unit_chinese=0.1, room_bare=0.1, spaced=0.05)
HEALTH_ADDRESS = AddressStyle(drop_province=0.6, drop_city=0.08, abbreviate=0.15, district_short=0.2,
                              estate_in_lane=0.5, drop_road=0.3, drop_estate=0.15, building_variant=0.3,
                              unit_chinese=0.2, room_bare=0.2, spaced=0.1, full_width=0.03)


def person_entity(index: np.ndarray, width: int) -> np.ndarray:
    """True person ids ``P000001`` … for person row indices."""
    return ("P" + np.char.zfill((np.asarray(index) + 1).astype(str), width)).astype(object)


def _rows_with_duplicates(rng, persons: np.ndarray, rate: float) -> tuple[np.ndarray, np.ndarray]:
    dup = persons[rng.random(len(persons)) < rate]
    return np.concatenate([persons, dup]), np.concatenate([np.zeros(len(persons), bool), np.ones(len(dup), bool)])


def _address(pop, places, d, rng, rows, use_old, style):
    key = np.where(use_old & (pop.old_home[rows] >= 0), pop.old_home[rows], pop.home[rows])
    return render(places, d, places.index_of(key), rng, style)


def _must_appear(pop: Population) -> np.ndarray:
    """Twins and namesakes appear in the household register whatever its coverage."""
    keep = np.zeros(len(pop), bool)
    keep[pop.twins.ravel()] = True
    keep[pop.namesakes.ravel()] = True
    return keep


def household(pop: Population, places: Places, d: Districts, rng: np.random.Generator,
              cor: Corruptor, width: int) -> SourceTable:
    """户籍: GB18030 CSV with Chinese headers; the authority for identity and address."""
    r = ERROR_RATES["household"]
    src = "household"
    persons = np.flatnonzero((rng.random(len(pop)) < r["coverage"]) | _must_appear(pop))
    rows, dup = _rows_with_duplicates(rng, persons, r["duplicate_person"])
    cor._tally(src, "duplicate_person", dup.sum())
    name = cor.homophone(src, pop.name[rows], r["homophone"])
    name = cor.lookalike(src, name, r["lookalike"])
    id_number = cor.mistype_id(src, pop.id_number[rows], r["id_mistyped"])
    birth = cor.missing(src, dates.chinese(pop.birth[rows]), r["birth_date_missing"], "birth_date_missing")
    phone = pop.phone[rows].copy()
    landline = (pop.landline[rows] != "") & (rng.random(len(rows)) < r["landline_instead_of_mobile"])
    phone[landline] = pop.landline[rows][landline]
    phone = cor.missing(src, phone, r["phone_missing"], "phone_missing")
    address = _address(pop, places, d, rng, rows, dup, HOUSEHOLD_ADDRESS)  # a stale second entry
    columns = {
        "户籍编号": unique_numbers(rng, len(rows), 10, "HJ"),
        "姓名": name,
        "公民身份号码": id_number,
        "性别": np.where(pop.male[rows], "男", "女"),
        "出生日期": birth,
        "民族": np.where(pop.minority[rows], "维吾尔族", "汉族"),
        "住址": address,
        "联系电话": phone,
    }
    return SourceTable(
        name=src, kind="person", format="csv", encoding="gb18030", key="户籍编号", columns=columns,
        entity=person_entity(rows, width),
        fields={"name": "姓名", "id_number": "公民身份号码", "gender": "性别", "birth_date": "出生日期",
                "address": "住址", "phone": "联系电话"},
        values={"gender": {"男": "M", "女": "F"}},
        authority=["name", "id_number", "gender", "birth_date", "address"],
        description="户籍 household registration: GB18030, Chinese headers, dates like 1985年3月2日",
    )


def social_security(pop: Population, orgs: Organisations, emp: Employment, places: Places, d: Districts,
                    rng: np.random.Generator, cor: Corruptor, width: int) -> SourceTable:
    """社保: UTF-8 CSV with pinyin-initial headers; people who changed jobs are registered twice."""
    r = ERROR_RATES["social_security"]
    src = "social_security"
    current = np.flatnonzero(emp.employer >= 0)
    earlier = np.flatnonzero(emp.old_employer >= 0)
    rows = np.concatenate([current, earlier])
    old = np.concatenate([np.zeros(len(current), bool), np.ones(len(earlier), bool)])
    cor._tally(src, "re_registration", old.sum())
    employer = np.where(old, emp.old_employer[rows], emp.employer[rows])
    name = cor.homophone(src, pop.name[rows], r["homophone"])
    name = cor.lookalike(src, name, r["lookalike"])
    name = cor.traditional(src, name, r["traditional"])
    name = cor.minority_separator(src, name, r["minority_separator"])
    id_number = cor.mistype_id(src, pop.id_number[rows], r["id_mistyped"])
    id_number = cor.full_width(src, id_number, r["id_full_width"], "id_full_width")
    id_number = cor.missing(src, id_number, r["id_missing"], "id_missing")
    birth = cor.missing(src, dates.compact(pop.birth[rows]), r["birth_date_missing"], "birth_date_missing")
    phone = np.where(old & (pop.old_phone[rows] != ""), pop.old_phone[rows], pop.phone[rows]).astype(object)
    cor._tally(src, "old_phone", (old & (pop.old_phone[rows] != "")).sum())
    phone = cor.missing(src, phone, r["phone_missing"], "phone_missing")
    stale = old | (rng.random(len(rows)) < r["address_not_updated"])
    cor._tally(src, "old_address", (stale & (pop.old_home[rows] >= 0)).sum())
    address = _address(pop, places, d, rng, rows, stale, SOCIAL_SECURITY_ADDRESS)
    address = cor.missing(src, address, r["address_missing"], "address_missing")
    uscc = cor.missing(src, orgs.uscc[employer], r["employer_uscc_missing"], "employer_uscc_missing")
    columns = {
        "grbh": unique_numbers(rng, len(rows), 10),
        "xm": name,
        "sfzh": id_number,
        "xb": np.where(pop.male[rows], "1", "2"),
        "csrq": birth,
        "lxdh": phone,
        "dwmc": written_names(orgs, employer, rng, no_region=0.25, no_form=0.1, bracket=0.1),
        "tyshxydm": uscc,
        "jzdz": address,
        "cbzt": np.where(old, "终止参保", "正常参保"),
    }
    return SourceTable(
        name=src, kind="person", format="csv", encoding="utf-8", key="grbh", columns=columns,
        entity=person_entity(rows, width),
        fields={"name": "xm", "id_number": "sfzh", "gender": "xb", "birth_date": "csrq", "phone": "lxdh",
                "address": "jzdz", "employer_name": "dwmc", "employer_uscc": "tyshxydm"},
        values={"gender": {"1": "M", "2": "F"}},
        authority=["employer_name", "employer_uscc"],
        description="社保 social security: UTF-8, pinyin-initial headers, dates like 19850302",
    )


def _health_phone(rng, phone: np.ndarray) -> np.ndarray:
    """'+86 138-0013-8000' mostly, some plain, some spaced."""
    has = phone != ""
    p = phone.astype(str)
    a = np.array([x[:3] for x in p], dtype=object)
    b = np.array([x[3:7] for x in p], dtype=object)
    c = np.array([x[7:] for x in p], dtype=object)
    style = rng.random(len(phone))
    out = np.where(style < 0.7, "+86 " + a + "-" + b + "-" + c,
                   np.where(style < 0.9, phone, a + " " + b + " " + c)).astype(object)
    out[~has] = ""
    return out


def health(pop: Population, places: Places, d: Districts, rng: np.random.Generator, cor: Corruptor,
           width: int) -> SourceTable:
    """卫健: JSONL with English keys; legacy systems hold traditional characters, 15-digit IDs."""
    r = ERROR_RATES["health"]
    src = "health"
    persons = np.flatnonzero(rng.random(len(pop)) < r["coverage"])
    rows, dup = _rows_with_duplicates(rng, persons, r["duplicate_person"])
    cor._tally(src, "duplicate_person", dup.sum())
    name = cor.homophone(src, pop.name[rows], r["homophone"])
    name = cor.lookalike(src, name, r["lookalike"])
    name = cor.traditional(src, name, r["traditional_name"], "traditional_name")
    name = cor.transliteration(src, name, r["transliteration"])
    name = cor.minority_separator(src, name, r["minority_separator"])
    born = dates.ymd(pop.birth[rows])[0]
    id_number = cor.id_15(src, pop.id_number[rows], r["id_15_digits"], born < 1980)
    id_number = cor.mistype_id(src, id_number, r["id_mistyped"])
    id_number = cor.full_width(src, id_number, r["id_full_width"], "id_full_width")
    child = dates.age(pop.birth[rows]) < 16
    id_number = cor.missing(src, id_number, r["id_missing"], "id_missing", ~child)
    id_number = cor.missing(src, id_number, r["id_missing_child"], "id_missing", child)
    stale_phone = (pop.old_phone[rows] != "") & (rng.random(len(rows)) < r["phone_not_updated"])
    cor._tally(src, "old_phone", stale_phone.sum())
    phone = np.where(stale_phone, pop.old_phone[rows], pop.phone[rows]).astype(object)
    phone = cor.full_width(src, _health_phone(rng, phone), r["phone_full_width"], "phone_full_width")
    stale = dup | (rng.random(len(rows)) < r["address_not_updated"])
    cor._tally(src, "old_address", (stale & (pop.old_home[rows] >= 0)).sum())
    address = _address(pop, places, d, rng, rows, stale, HEALTH_ADDRESS)
    address = cor.traditional(src, address, r["traditional_address"], "traditional_address")
    address = cor.missing(src, address, r["address_missing"], "address_missing")
    hospital = np.char.zfill(rng.integers(1, 40, len(rows)).astype(str), 2).astype(object)
    columns = {
        "patient_id": "H" + hospital + "-" + unique_numbers(rng, len(rows), 9),
        "full_name": name,
        "id_no": id_number,
        "sex": cor.missing(src, np.where(pop.male[rows], "M", "F").astype(object), r["sex_missing"], "sex_missing"),
        "dob": cor.missing(src, dates.slashed(pop.birth[rows]), r["birth_date_missing"], "birth_date_missing"),
        "mobile": phone,
        "home_address": address,
    }
    return SourceTable(
        name=src, kind="person", format="jsonl", encoding="utf-8", key="patient_id", columns=columns,
        entity=person_entity(rows, width),
        fields={"name": "full_name", "id_number": "id_no", "gender": "sex", "birth_date": "dob",
                "phone": "mobile", "address": "home_address"},
        values={"gender": {"M": "M", "F": "F"}},
        description="卫健 health: JSON lines, English keys, dates like 1985/3/2, phones like +86 138-0013-8000",
    )

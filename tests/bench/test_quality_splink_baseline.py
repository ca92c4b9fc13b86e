"""The Splink baseline hook for Yidang's standardised records, on a tiny synthetic city."""

from __future__ import annotations

import random

import pandas as pd
import pytest

pytest.importorskip("splink")

from bench.quality.splink_baseline import (  # noqa: E402
    format_table,
    organization_plan,
    person_plan,
    run_splink_on_frame,
)

SURNAMES = ["wang", "li", "zhang", "liu", "chen", "yang", "huang", "zhao", "wu", "zhou"]
GIVEN = ["wei", "fang", "na", "xiuying", "min", "jing", "qiang", "lei", "jun", "yang", "yong",
         "yan", "jie", "tao", "ming", "chao", "xiulan", "xia", "ping", "gang"]
HANZI = dict(zip(SURNAMES + GIVEN, "王李张刘陈杨黄赵吴周伟芳娜秀英敏静强磊军洋勇艳杰涛明超秀兰霞平刚"))


def _person(rng: random.Random, i: int) -> dict:
    sur, giv = rng.choice(SURNAMES), rng.choice(GIVEN)
    year, month, day = rng.randint(1950, 2000), rng.randint(1, 12), rng.randint(1, 28)
    district = rng.choice(["gulou", "xuanwu", "qinhuai"])
    return {
        "name_key": HANZI[sur] + HANZI[giv], "name_pinyin": f"{sur} {giv}",
        "id_number": f"3201{i:04d}{year}{month:02d}{day:02d}{rng.randint(100, 999)}",
        "birth_date": f"{year}-{month:02d}-{day:02d}", "gender": rng.choice("MF"),
        "phone": f"139{rng.randint(10_000_000, 99_999_999)}",
        "addr_key": f"江苏省|南京市|{district}|{rng.randint(1, 40)}路|{rng.randint(1, 300)}号",
        "addr_district": district,
    }


def synthetic_persons(n_people: int = 120, seed: int = 3) -> tuple[pd.DataFrame, set]:
    """People with one to three records each; copies lose a phone or an ID, or get a typo."""
    rng = random.Random(seed)
    rows, truth = [], set()
    for i in range(n_people):
        base = _person(rng, i)
        rids = []
        for k in range(rng.choice([1, 2, 2, 3])):
            rec = dict(base, rid=f"p{i}-{k}")
            if k and rng.random() < 0.3:
                rec["phone"] = None
            if k and rng.random() < 0.3:
                rec["id_number"] = None
            if k and rng.random() < 0.2:
                rec["addr_key"] = None
            rows.append(rec)
            rids.append(rec["rid"])
        truth |= {tuple(sorted((a, b))) for a in rids for b in rids if a < b}
    frame = pd.DataFrame(rows).sample(frac=1, random_state=seed).reset_index(drop=True)
    return frame, truth


def test_person_plan_uses_only_columns_present():
    frame, _ = synthetic_persons(10)
    names = [c.create_output_column_name() for c in
             person_plan(frame.drop(columns=["phone"])).settings.comparisons]
    assert "phone" not in names and "id_number" in names


def test_organization_plan_builds_from_org_columns():
    frame = pd.DataFrame({"rid": ["a", "b"], "name_key": ["宏达电子科技有限公司"] * 2,
                          "co_core": ["宏达"] * 2, "uscc": ["91350100M000100Y43", None]})
    names = [c.create_output_column_name() for c in
             organization_plan(frame).settings.comparisons]
    assert names == ["uscc", "name"]


def test_splink_on_a_tiny_person_frame_finds_most_duplicates():
    frame, truth = synthetic_persons()
    result = run_splink_on_frame(frame, "person", truth)
    assert result.records == len(frame)
    assert result.f1 > 0.8, result
    assert result.cluster_metrics["records"] == len(frame)
    assert "person" in format_table([result])


def test_splink_on_frame_names_a_missing_id_column():
    frame, truth = synthetic_persons(5)
    with pytest.raises(ValueError, match="no id column 'key'"):
        run_splink_on_frame(frame, "person", truth, id_column="key")


def synthetic_organizations(n_orgs: int = 150, seed: int = 5) -> tuple[pd.DataFrame, set]:
    """Companies with one to three records; copies drop the code or shorten the name."""
    rng = random.Random(seed)
    trades = [a + b for a in "宏达华兴新鑫恒远盛泰金" for b in "源科通利达丰瑞"]
    regions = ["南京", "苏州", "无锡"]
    rows, truth = [], set()
    for i in range(n_orgs):
        core, region = rng.choice(trades), rng.choice(regions)
        base = {"name_key": f"{region}{core}电子科技有限公司", "co_core": core,
                "co_region": region, "uscc": f"91320{i:04d}MA{rng.randint(10**6, 10**7 - 1)}X",
                "reg_no": f"320100{i:09d}", "legal_rep_name_key": rng.choice("王李张刘陈") + "伟",
                "addr_key": f"江苏省|{region}市|{rng.randint(1, 40)}路|{rng.randint(1, 300)}号"}
        rids = []
        for k in range(rng.choice([1, 2, 3])):
            rec = dict(base, rid=f"o{i}-{k}")
            if k and rng.random() < 0.4:
                rec["uscc"] = None
            if k and rng.random() < 0.3:
                rec["name_key"] = f"{core}电子科技有限公司"
            rows.append(rec)
            rids.append(rec["rid"])
        truth |= {tuple(sorted((a, b))) for a in rids for b in rids if a < b}
    return pd.DataFrame(rows), truth


def test_splink_on_a_tiny_organization_frame_runs_end_to_end():
    frame, truth = synthetic_organizations()
    result = run_splink_on_frame(frame, "organization", truth, id_column="rid")
    assert result.records == len(frame)
    assert result.recall > 0.8, result

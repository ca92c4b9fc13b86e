"""Factories for source files and mappings used across the tests."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pandas as pd
import yaml

PERSON_MAPPING = {
    "source": "social_security", "kind": "person", "format": "csv", "encoding": "utf-8",
    "key": "grbh",
    "fields": {"name": "xm", "id_number": "sfzh", "gender": "xb", "birth_date": "csrq",
               "phone": "lxdh", "employer_name": "dwmc", "employer_uscc": "tyshxydm"},
    "values": {"gender": {"1": "M", "2": "F"}},
}
PERSON_ROWS = [
    {"grbh": "S001", "xm": "张伟", "sfzh": "11010519491231002X", "xb": "2", "csrq": "19491231",
     "lxdh": "138-0013-8000", "dwmc": "上海宏达电子科技有限公司", "tyshxydm": "91350100M000100Y43"},
    {"grbh": "S002", "xm": "王芳", "sfzh": "110105491231002", "xb": "2", "csrq": "1949年12月31日",
     "lxdh": "+86 13900139000", "dwmc": "", "tyshxydm": ""},
    {"grbh": "S003", "xm": "李娜", "sfzh": "110105194912310021", "xb": "2", "csrq": "1949/12/31",
     "lxdh": "021-64370000", "dwmc": "", "tyshxydm": ""},
]


def write_source(folder: Path, rows: list[dict] | None = None, mapping: dict | None = None,
                 fmt: str = "csv", encoding: str = "utf-8", name: str = "data",
                 raw_text: str | None = None, **mapping_overrides) -> tuple[Path, Path]:
    """Write ``rows`` as a ``fmt`` file and its mapping YAML into ``folder``.

    ``raw_text`` writes that exact text instead of serialising rows (for broken files).
    """
    folder.mkdir(parents=True, exist_ok=True)
    rows = PERSON_ROWS if rows is None else rows
    m = dict(PERSON_MAPPING if mapping is None else mapping)
    m.update({"format": fmt, "encoding": encoding, **mapping_overrides})
    file = folder / f"{name}.{ 'xlsx' if fmt == 'xlsx' else fmt}"
    if raw_text is not None:
        file.write_bytes(raw_text.encode(encoding))
    elif fmt in ("csv", "tsv"):
        buf = io.StringIO()
        header = list(dict.fromkeys(k for r in rows for k in r))
        w = csv.DictWriter(buf, fieldnames=header, delimiter="\t" if fmt == "tsv" else ",")
        w.writeheader()
        w.writerows(rows)
        file.write_bytes(buf.getvalue().encode(encoding))
    elif fmt == "jsonl":
        file.write_bytes("\n".join(json.dumps(r, ensure_ascii=False) for r in rows).encode(encoding))
    elif fmt == "json":
        file.write_bytes(json.dumps(rows, ensure_ascii=False).encode(encoding))
    elif fmt == "xlsx":
        pd.DataFrame(rows).to_excel(file, index=False)
    elif fmt == "parquet":
        pd.DataFrame(rows).to_parquet(file, index=False)
    mapping_path = folder / f"{name}.yaml"
    mapping_path.write_text(yaml.safe_dump(m, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return mapping_path, file


def sample_store(folder: Path, persons: int = 1500, seed: int = 11) -> tuple[Path, Path]:
    """A sample city generated and loaded into a LadybugDB store under ``folder``.

    Returns:
        (store path, truth.csv path). The store is closed: copy the folder to write to it.
    """
    from graph import open_store
    from loaders import load_files, mapping_jobs
    from loaders.sample import generate_city

    city = generate_city(folder / "city", persons=persons, seed=seed)
    with open_store(folder / "store") as store:
        for _ in load_files(store, mapping_jobs(city.mappings), workers=1):
            pass
    return folder / "store", city.truth

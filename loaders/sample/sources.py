"""What every source writer shares: the table it builds, shuffling, planted bad rows, writing the
file in its format and encoding, and its mapping file."""

from __future__ import annotations

import datetime as dt
import json
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

MAPPING_SUFFIX = ".yaml"


@dataclass
class SourceTable:
    """One source's rows before writing: columns in file order plus each row's true entity."""

    name: str
    kind: str  # person | organization | place
    format: str  # csv | jsonl | xlsx
    encoding: str
    key: str  # the key column
    columns: dict[str, np.ndarray]
    entity: np.ndarray  # true entity id per row
    fields: dict[str, str]  # canonical field -> column
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    authority: list[str] = field(default_factory=list)
    description: str = ""

    @property
    def file_name(self) -> str:
        return f"{self.name}.{self.format}"


@dataclass
class SourceOutput:
    """A written source: where it is, what it holds, which rows should load."""

    table: SourceTable
    path: Path
    mapping_path: Path
    rows: int  # data rows in the file, bad ones included
    keys: np.ndarray  # keys of the rows that should load
    entities: np.ndarray
    bad_rows: list[dict]


def unique_numbers(rng: np.random.Generator, n: int, digits: int, prefix: str = "") -> np.ndarray:
    """``n`` distinct random numbers of exactly ``digits`` digits (no leading zero) as text."""
    low = 10 ** (digits - 1)
    if digits <= 18:
        values = low + rng.choice(9 * low, n, replace=False)
        return (prefix + values.astype(str).astype(object)).astype(object)
    head = unique_numbers(rng, n, 18)
    tail = np.char.zfill(rng.integers(0, 10 ** (digits - 18), n).astype(str), digits - 18).astype(object)
    return (prefix + head + tail).astype(object)


def shuffle_and_plant(table: SourceTable, rng: np.random.Generator, plant: tuple[str, ...] = ()):
    """Shuffle rows (file order reveals nothing) and plant bad rows that must be quarantined.

    ``empty_key``: a copy of some row with its key blanked.
    ``duplicate_key``: another row's content under a key already used earlier in the file.

    Returns:
        ``(frame, loadable_keys, loadable_entities, bad_rows)``; ``bad_rows`` give the 1-based data
        row (header not counted), the key and the reason.
    """
    n = len(table.entity)
    perm = rng.permutation(n)
    cols = {c: np.asarray(v, dtype=object)[perm] for c, v in table.columns.items()}
    entity = table.entity[perm]
    frame = pd.DataFrame(cols)
    is_bad = np.zeros(n, bool)
    for reason in plant:
        donor = frame.iloc[[int(rng.integers(0, len(frame)))]].copy()
        if reason == "empty_key":
            donor[table.key] = ""
            at = int(rng.integers(0, len(frame) + 1))
        elif reason == "duplicate_key":
            first = int(rng.integers(0, len(frame) // 2 + 1))
            other = (first + 1 + int(rng.integers(0, len(frame) - 1))) % len(frame)
            donor = frame.iloc[[other]].copy()  # a different row's content
            key = frame.iloc[first][table.key]
            donor[table.key] = key
            at = int(rng.integers(first + 1, len(frame) + 1))
        else:
            raise ValueError(f"unknown bad-row kind {reason!r}")
        frame = pd.concat([frame.iloc[:at], donor, frame.iloc[at:]], ignore_index=True)
        is_bad = np.concatenate([is_bad[:at], [True], is_bad[at:]])
        entity = np.concatenate([entity[:at], [""], entity[at:]])
    # positions shift as later rows are inserted: read them off the final frame, in file order
    bad_rows = []
    for r in np.flatnonzero(is_bad):
        key = frame.iloc[r][table.key]
        reason = "empty_key" if key == "" else "duplicate_key"
        entry = {"source": table.name, "row": int(r) + 1, "key": key, "reason": reason}
        if reason == "duplicate_key":
            same = np.flatnonzero((frame[table.key].to_numpy() == key) & ~is_bad)
            entry["first_row"] = int(same[0]) + 1
        bad_rows.append(entry)
    keys = frame[table.key].to_numpy(object)[~is_bad]
    return frame, keys, entity[~is_bad], bad_rows


def write_source(table: SourceTable, outdir: Path, rng: np.random.Generator,
                 plant: tuple[str, ...] = ()) -> SourceOutput:
    """Shuffle, plant bad rows, write the data file and its mapping file."""
    frame, keys, entities, bad_rows = shuffle_and_plant(table, rng, plant)
    path = outdir / table.file_name
    if table.format == "csv":
        frame.to_csv(path, index=False, encoding=table.encoding)
    elif table.format == "jsonl":
        _write_jsonl(frame, path, table.encoding)
    elif table.format == "xlsx":
        _write_xlsx(frame, path, table)
    else:
        raise ValueError(f"no writer for format {table.format!r}")
    mapping_path = outdir / f"{table.name}{MAPPING_SUFFIX}"
    mapping_path.write_text(mapping_yaml(table), encoding="utf-8")
    return SourceOutput(table=table, path=path, mapping_path=mapping_path, rows=len(frame),
                        keys=keys, entities=entities, bad_rows=bad_rows)


def mapping_yaml(table: SourceTable) -> str:
    """The mapping file of a source, in the shape the loader reads; it names its data file."""
    doc = {
        "source": table.name,
        "kind": table.kind,
        "format": table.format,
        "encoding": table.encoding,
        "key": table.key,
        "fields": dict(table.fields),
    }
    if table.values:
        doc["values"] = {k: dict(v) for k, v in table.values.items()}
    if table.authority:
        doc["authority"] = list(table.authority)
    doc["file"] = table.file_name
    if table.format == "xlsx":
        doc["sheet"] = table.name
    if table.description:
        doc["description"] = table.description
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, default_flow_style=False, width=1000)


def _write_jsonl(frame: pd.DataFrame, path: Path, encoding: str) -> None:
    columns = list(frame.columns)
    with path.open("w", encoding=encoding, newline="\n") as f:
        for row in frame.itertuples(index=False, name=None):
            record = {c: (v if v != "" else None) for c, v in zip(columns, row)}
            f.write(json.dumps(record, ensure_ascii=False))
            f.write("\n")


def _write_xlsx(frame: pd.DataFrame, path: Path, table: SourceTable) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(table.name)
    ws.append(list(frame.columns))
    # datetime.date values become real Excel dates (openpyxl formats them yyyy-mm-dd); "" is empty
    for row in frame.itertuples(index=False, name=None):
        ws.append([None if v == "" else v for v in row])
    wb.properties.created = _FIXED_TIME
    wb.save(path)
    _pin_zip_times(path)


_FIXED_TIME = dt.datetime(2024, 6, 30)


def _pin_zip_times(path: Path) -> None:
    """Rewrite an XLSX with fixed entry and document times, so a seed gives identical bytes."""
    stamp = _FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    with zipfile.ZipFile(path) as z:
        entries = [(i.filename, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries:
            if name == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp.encode(), data)
            z.writestr(zipfile.ZipInfo(name, date_time=_FIXED_TIME.timetuple()[:6]), data,
                       compress_type=zipfile.ZIP_DEFLATED)

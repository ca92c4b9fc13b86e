"""Read a source file into rows of text, whatever its format and encoding.

Every value comes out as a string or None, exactly as the department wrote it (numbers and dates
from typed formats are rendered as text without loss). Rows that cannot be read are returned
beside the good ones with a reason, never dropped. Problems with the file as a whole raise
:class:`SourceFileError` before the caller writes anything.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from loaders.errors import SourceFileError
from loaders.mapping import Mapping

ROW_NO = "_row_no"
_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


@dataclass
class BadRow:
    """A row that could not be read: where it was, what it held, and why."""

    row_no: int
    raw: str
    reason: str


@dataclass
class SourceRows:
    """What a file held: good rows (one column per file column plus ``_row_no``) and bad ones."""

    frame: pd.DataFrame
    columns: list[str]
    bad: list[BadRow] = field(default_factory=list)

    @property
    def rows_in(self) -> int:
        return len(self.frame) + len(self.bad)


def read_source(path: str | Path, mapping: Mapping, data: bytes | None = None) -> SourceRows:
    """Read ``path`` as ``mapping`` describes and check that it has the mapped columns.

    Args:
        path: the source file.
        mapping: its validated mapping.
        data: the file's bytes, when the caller has read them already (to hash them).

    Raises:
        SourceFileError: unreadable file, wrong encoding, or a mapped column missing.
    """
    p = Path(path)
    if data is None:
        if not p.is_file():
            raise SourceFileError(str(p), "no such file", "give the path of the source file")
        data = p.read_bytes()
    if mapping.format in ("csv", "tsv", "jsonl", "json"):
        text = _decode(data, mapping, str(p))
        reader = {"csv": _read_delimited, "tsv": _read_delimited, "jsonl": _read_jsonl,
                  "json": _read_json}[mapping.format]
        rows = reader(text, mapping, str(p))
    elif mapping.format == "xlsx":
        rows = _read_xlsx(data, mapping, str(p))
    else:
        rows = _read_parquet(data, str(p))
    _check_columns(rows.columns, mapping, str(p))
    return rows


def _decode(data: bytes, mapping: Mapping, file: str) -> str:
    encoding = mapping.encoding
    for bom, enc in _BOMS:
        if data.startswith(bom):
            encoding = enc
            break
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        real = next((e for e in ("utf-8", "gb18030") if _decodes(data, e)), None)
        hint = f"; it decodes as {real.upper()}" if real else ""
        raise SourceFileError(
            file, f"is not valid {encoding} (byte {data[exc.start:exc.start + 1]!r} at offset "
            f"{exc.start}){hint}",
            f"set `encoding:` in mapping {mapping.path} to the file's real encoding"
            + (f" ({real})" if real else "")) from None
    if encoding.lower() in ("gb18030", "gbk", "gb2312") and not text.isascii() and _decodes(data, "utf-8"):
        raise SourceFileError(
                file, f"is declared {encoding} but is UTF-8 text (decoding it as {encoding} "
                "would garble every Chinese character)",
                f"set `encoding: utf-8` in mapping {mapping.path}")
    return text.lstrip("\ufeff")


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def _read_delimited(text: str, mapping: Mapping, file: str) -> SourceRows:
    delimiter = "\t" if mapping.format == "tsv" else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise SourceFileError(file, "is empty (no header row)",
                              "export the file again with a header row") from None
    header = [h.strip() for h in header]
    _check_header(header, file)
    width = len(header)
    good: list[list[str | None]] = []
    row_nos: list[int] = []
    bad: list[BadRow] = []
    line = reader.line_num
    try:
        for row in reader:
            start, line = line + 1, reader.line_num
            if not row or (len(row) == 1 and not row[0].strip()):
                continue  # blank line: nothing to account for
            if len(row) != width:
                bad.append(BadRow(start, delimiter.join(row),
                                  f"row has {len(row)} fields, the header has {width}"))
                continue
            good.append([v if v != "" else None for v in row])
            row_nos.append(start)
    except csv.Error as exc:
        raise SourceFileError(file, f"CSV cannot be parsed after line {line} ({exc})",
                              "check the quoting near that line and export again") from None
    return _rows(header, good, row_nos, bad)


def _read_jsonl(text: str, mapping: Mapping, file: str) -> SourceRows:
    objects: list[tuple[int, dict]] = []
    bad: list[BadRow] = []
    for no, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            bad.append(BadRow(no, line, f"not valid JSON ({exc.msg} at column {exc.colno})"))
            continue
        if not isinstance(obj, dict):
            bad.append(BadRow(no, line, f"a JSON {type(obj).__name__}, not an object"))
            continue
        objects.append((no, obj))
    return _objects(objects, bad)


def _read_json(text: str, mapping: Mapping, file: str) -> SourceRows:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SourceFileError(file, f"is not valid JSON ({exc.msg} at line {exc.lineno})",
                              "fix the JSON, or use `format: jsonl` for one object per line") from None
    if isinstance(doc, dict):
        lists = [v for v in doc.values() if isinstance(v, list)]
        if len(lists) != 1:
            raise SourceFileError(file, "is a JSON object without exactly one list of records",
                                  "write the records as a top-level array")
        doc = lists[0]
    if not isinstance(doc, list):
        raise SourceFileError(file, "holds no array of records",
                              "write the records as a top-level array of objects")
    objects, bad = [], []
    for no, obj in enumerate(doc, start=1):
        if isinstance(obj, dict):
            objects.append((no, obj))
        else:
            bad.append(BadRow(no, json.dumps(obj, ensure_ascii=False),
                              f"a JSON {type(obj).__name__}, not an object"))
    return _objects(objects, bad)


def _read_xlsx(data: bytes, mapping: Mapping, file: str) -> SourceRows:
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        name = mapping.sheet or book.sheet_names[0]
        if name not in book.sheet_names:
            raise SourceFileError(file, f"has no sheet {name!r} (sheets: {book.sheet_names})",
                                  f"set `sheet:` in mapping {mapping.path} to one of them")
        table = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
    except SourceFileError:
        raise
    except Exception as exc:  # calamine raises its own error types for corrupt files
        raise SourceFileError(file, f"cannot be read as XLSX ({exc})",
                              "open and re-save it in Excel, or export CSV") from None
    rows = [(i, r) for i, r in enumerate(table, start=1) if any(_cell(v) for v in r)]
    if not rows:
        raise SourceFileError(file, "has no header row", "put the column names in the first row")
    header_no, header_cells = rows[0]
    header = [str(_cell(v) or "").strip() for v in header_cells]
    while header and not header[-1]:
        header.pop()
    _check_header(header, file)
    width = len(header)
    good, row_nos, bad = [], [], []
    for no, r in rows[1:]:
        cells = [_cell(v) for v in r]
        if any(cells[width:]):
            bad.append(BadRow(no, json.dumps(cells, ensure_ascii=False),
                              f"row has values beyond the {width} header columns"))
            continue
        good.append((cells + [None] * width)[:width])
        row_nos.append(no)
    return _rows(header, good, row_nos, bad)


def _read_parquet(data: bytes, file: str) -> SourceRows:
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(io.BytesIO(data))
    except Exception as exc:  # pyarrow's errors vary by version
        raise SourceFileError(file, f"cannot be read as Parquet ({exc})",
                              "write the file again with a Parquet writer") from None
    header = [str(c) for c in table.column_names]
    _check_header(header, file)
    columns = [[_cell(v) for v in table.column(i).to_pylist()] for i in range(len(header))]
    good = [list(r) for r in zip(*columns)] if columns else []
    return _rows(header, good, list(range(1, len(good) + 1)), [])


def _cell(value: Any) -> str | None:
    """One typed value as the text a department would have written."""
    if value is None:
        return None
    if isinstance(value, str):
        return value if value.strip() else None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return None
        return str(int(value)) if value.is_integer() and abs(value) < 1e16 else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _objects(objects: list[tuple[int, dict]], bad: list[BadRow]) -> SourceRows:
    header = list(dict.fromkeys(k for _, o in objects for k in o))
    good = [[_cell(o.get(h)) for h in header] for _, o in objects]
    return _rows([str(h) for h in header], good, [n for n, _ in objects], bad)


def _rows(header: list[str], good: list[list], row_nos: list[int], bad: list[BadRow]) -> SourceRows:
    frame = pd.DataFrame(good, columns=header, dtype=object)
    frame[ROW_NO] = row_nos
    return SourceRows(frame=frame, columns=header, bad=bad)


def _check_header(header: list[str], file: str) -> None:
    seen: set[str] = set()
    for i, h in enumerate(header, start=1):
        if not h:
            raise SourceFileError(file, f"header column {i} has no name",
                                  "give every column a name in the header row")
        if h in seen:
            raise SourceFileError(file, f"header names column {h!r} twice",
                                  "rename one of the two columns", column=h)
        seen.add(h)


def _check_columns(columns: list[str], mapping: Mapping, file: str) -> None:
    for col in mapping.columns:
        if col not in columns:
            close = difflib.get_close_matches(col, columns, n=1)
            role = "key" if col == mapping.key else next(
                f"field {f!r}" for f, c in mapping.fields.items() if c == col)
            shown = ", ".join(columns[:20]) + (", …" if len(columns) > 20 else "")
            raise SourceFileError(
                file, f"has no column {col!r}, which mapping {mapping.path} names for {role} "
                f"(columns: {shown})",
                f"correct the column name in the mapping"
                + (f" (did you mean {close[0]!r}?)" if close else ""), column=col)

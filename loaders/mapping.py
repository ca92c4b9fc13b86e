"""Source mappings: the YAML that says how one department's file becomes canonical records.

```yaml
source: social_security      # unique source name
kind: person                 # person | organization | place
format: csv                  # csv | tsv | jsonl | json | xlsx | parquet
encoding: utf-8              # utf-8 (default), gb18030/gbk, utf-8-sig; BOMs are detected
key: grbh                    # the source's own record key column
fields: {name: xm, id_number: sfzh}   # canonical field: source column
values: {gender: {"1": M, "2": F}}    # optional code tables per canonical field
authority: [name, id_number]          # optional: fields this source is authoritative for
file: social_security.csv             # optional: the file, relative to this mapping
```
"""

from __future__ import annotations

import codecs
import difflib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from loaders.errors import MappingError
from loaders.standardise.records import INPUT_FIELDS

FORMATS = ("csv", "tsv", "jsonl", "json", "xlsx", "parquet")
CANONICAL_FIELDS = INPUT_FIELDS  # what a mapping may name is what standardisation understands
_KNOWN_KEYS = {"source", "kind", "format", "encoding", "key", "fields", "values", "authority",
               "sheet", "description", "trust", "file"}
_SOURCE_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_\-]{0,63}$")


@dataclass(frozen=True)
class Mapping:
    """A validated source mapping."""

    source: str
    kind: str
    format: str
    key: str
    fields: dict[str, str]
    encoding: str = "utf-8"
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    authority: tuple[str, ...] = ()
    sheet: str | None = None
    file: str | None = None  # the source file, relative to the mapping, when the mapping names it
    path: str = "<inline>"

    def source_file(self) -> Path | None:
        """The file the mapping names (``file:``), resolved beside the mapping."""
        return Path(self.path).parent / self.file if self.file else None

    def to_json(self) -> str:
        """The mapping as JSON text, stored on every Batch it loaded."""
        return json.dumps({
            "source": self.source, "kind": self.kind, "format": self.format,
            "encoding": self.encoding, "key": self.key, "fields": self.fields,
            "values": self.values, "authority": list(self.authority), "sheet": self.sheet,
        }, ensure_ascii=False, sort_keys=True)

    @property
    def columns(self) -> list[str]:
        """Every source column the mapping reads, key first."""
        return list(dict.fromkeys([self.key, *self.fields.values()]))


def _suggest(word: str, options: list[str] | tuple[str, ...]) -> str:
    close = difflib.get_close_matches(word, list(options), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def parse_mapping(data: Any, path: str = "<inline>") -> Mapping:
    """Validate a mapping already read from YAML.

    Raises:
        MappingError: naming the mapping, the problem and the fix.
    """
    if not isinstance(data, dict):
        raise MappingError(path, "the file does not hold a YAML mapping of keys to values",
                           "write `source:`, `kind:`, `format:`, `key:` and `fields:` at top level")
    unknown = sorted(set(data) - _KNOWN_KEYS)
    if unknown:
        raise MappingError(path, f"unknown key {unknown[0]!r}{_suggest(unknown[0], sorted(_KNOWN_KEYS))}",
                           f"use only {', '.join(sorted(_KNOWN_KEYS))}")
    for required in ("source", "kind", "format", "key", "fields"):
        if not data.get(required):
            raise MappingError(path, f"`{required}` is missing or empty",
                               f"add `{required}:` (see the mapping example in the README)")
    source = str(data["source"])
    if not _SOURCE_NAME.match(source):
        raise MappingError(path, f"source name {source!r} is not a plain identifier",
                           "use letters, digits, _ or -, starting with a letter (e.g. social_security)")
    kind = str(data["kind"]).lower()
    if kind not in CANONICAL_FIELDS:
        raise MappingError(path, f"unknown kind {kind!r}{_suggest(kind, tuple(CANONICAL_FIELDS))}",
                           f"set `kind:` to one of {', '.join(CANONICAL_FIELDS)}")
    fmt = str(data["format"]).lower()
    if fmt not in FORMATS:
        raise MappingError(path, f"unknown format {fmt!r}{_suggest(fmt, FORMATS)}",
                           f"set `format:` to one of {', '.join(FORMATS)}")
    encoding = str(data.get("encoding") or "utf-8").lower()
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise MappingError(path, f"unknown encoding {encoding!r}",
                           "use utf-8, utf-8-sig, gb18030 or gbk") from None
    fields = data["fields"]
    if not isinstance(fields, dict):
        raise MappingError(path, "`fields` is not a mapping of canonical field to source column",
                           "write it as `fields: {name: xm, id_number: sfzh}`")
    allowed = CANONICAL_FIELDS[kind]
    for canon, column in fields.items():
        if canon not in allowed:
            raise MappingError(path, f"field {canon!r} is not a canonical {kind} field"
                               f"{_suggest(str(canon), allowed)}",
                               f"map source columns to {', '.join(allowed)}")
        if not isinstance(column, (str, int)) or str(column) == "":
            raise MappingError(path, f"field {canon!r} names no source column",
                               f"write `{canon}: <column name>`")
    values = data.get("values") or {}
    if not isinstance(values, dict) or not all(isinstance(v, dict) for v in values.values()):
        raise MappingError(path, "`values` must map canonical fields to code tables",
                           'write it as `values: {gender: {"1": M, "2": F}}`')
    for canon in values:
        if canon not in fields:
            raise MappingError(path, f"`values` has a code table for {canon!r}, which `fields` does not map",
                               f"map {canon!r} under `fields` or remove its code table")
    authority = data.get("authority") or []
    if isinstance(authority, str):
        authority = [authority]
    for canon in authority:
        if canon not in fields:
            raise MappingError(path, f"`authority` names {canon!r}, which `fields` does not map",
                               f"list only mapped fields: {', '.join(fields)}")
    return Mapping(
        source=source, kind=kind, format=fmt, key=str(data["key"]),
        fields={str(k): str(v) for k, v in fields.items()}, encoding=encoding,
        values={str(f): {str(a): str(b) for a, b in t.items()} for f, t in values.items()},
        authority=tuple(str(a) for a in authority),
        sheet=str(data["sheet"]) if data.get("sheet") else None,
        file=str(data["file"]) if data.get("file") else None, path=path,
    )


def load_mapping(path: str | Path) -> Mapping:
    """Read and validate a mapping YAML file.

    Raises:
        MappingError: the file is missing, not YAML, or describes an impossible source.
    """
    p = Path(path)
    if not p.is_file():
        raise MappingError(str(p), "no such file", "give the path of the source's mapping YAML")
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8-sig"))
    except yaml.YAMLError as exc:
        raise MappingError(str(p), f"not valid YAML ({exc})", "correct the YAML syntax") from None
    except UnicodeDecodeError:
        raise MappingError(str(p), "not UTF-8 text", "save the mapping file as UTF-8") from None
    return parse_mapping(data, str(p))

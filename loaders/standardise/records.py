"""Frame-level standardisation: canonical fields of one kind in, standardised columns out.

Every parser runs once per distinct value (``pd.factorize``, then a take by code), so a file
where most values repeat costs little more than its distinct values. Problems never drop a row:
they become short flags in the ``flags`` column, for validation and quarantine to decide on:

- ``<id field>:bad_check|bad_length|bad_chars|bad_region|bad_birth_date``, ``<id field>:upgraded_15``
  for ``id_number`` and ``legal_rep_id_number``; ``id_number:birth_date_mismatch`` and
  ``id_number:gender_mismatch`` when a valid ID number disagrees with the record's own fields;
- ``uscc:…`` / ``employer_uscc:…`` problems, ``uscc:unverified`` (check fails, embedded
  organisation code passes), ``org_code:…``, ``org_code:uscc_mismatch``, ``reg_no:…``;
- ``phone:invalid``, ``gender:unparsed``, ``birth_date:unparsed``, ``established:unparsed``;
- ``address:ambiguous_district``;
- ``coords:unparsed``, ``coords:swapped`` (lat/lng exchanged and fixed), ``coords:unknown_crs``,
  ``coords:outside_china``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from loaders.standardise.address import Address, parse_addresses
from loaders.standardise.company_name import CompanyName, parse_company_names
from loaders.standardise.coords import in_china_array, normalise_crs, to_wgs84_array
from loaders.standardise.dates import parse_date, parse_gender
from loaders.standardise.id_number import IdNumber, parse_id_numbers
from loaders.standardise.org_codes import (
    OrgCode,
    RegNo,
    Uscc,
    parse_org_codes,
    parse_reg_no,
    parse_usccs,
)
from loaders.standardise.person_name import PersonName, parse_person_names
from loaders.standardise.phone import Phone, parse_phones
from loaders.standardise.text import normalize_text

INPUT_FIELDS: dict[str, tuple[str, ...]] = {
    "person": ("name", "id_number", "gender", "birth_date", "phone", "address", "employer_name",
               "employer_uscc"),
    "organization": ("name", "uscc", "org_code", "reg_no", "legal_rep_name",
                     "legal_rep_id_number", "established", "address"),
    "place": ("address", "lng", "lat", "crs"),
}

ADDRESS_COLUMNS: tuple[str, ...] = (
    "address", "addr_province", "addr_city", "addr_district", "addr_town", "addr_road",
    "addr_number", "addr_estate", "addr_building", "addr_unit", "addr_room", "addr_key",
    "addr_candidates",
)

OUTPUT_COLUMNS: dict[str, tuple[str, ...]] = {
    "person": ("name", "name_key", "name_pinyin", "id_number", "id_valid", "id_birth_date",
               "id_gender", "id_region", "gender", "birth_date", "phone", "phone_kind",
               "employer_name", "employer_name_key", "employer_uscc", *ADDRESS_COLUMNS, "flags"),
    "organization": ("name", "name_key", "co_region", "co_trade_name", "co_industry",
                     "co_legal_form", "co_form_family", "co_branch", "co_core", "uscc",
                     "uscc_valid", "org_code", "org_code_valid", "reg_no", "reg_no_valid",
                     "legal_rep_name", "legal_rep_name_key", "legal_rep_id_number",
                     "legal_rep_id_valid", "established", *ADDRESS_COLUMNS, "flags"),
    "place": (*ADDRESS_COLUMNS, "lng", "lat", "crs", "flags"),
}

# Address attribute → output column.
_ADDRESS_FIELDS = (("text", "address"), ("province", "addr_province"), ("city", "addr_city"),
                   ("district", "addr_district"), ("town", "addr_town"), ("road", "addr_road"),
                   ("number", "addr_number"), ("estate", "addr_estate"),
                   ("building", "addr_building"), ("unit", "addr_unit"), ("room", "addr_room"),
                   ("key", "addr_key"))


class _Parsed:
    """One parser applied to the distinct values of a column; result fields taken per row.

    ``parser`` maps one raw value to a result (a NamedTuple whose first field is never None)
    or None; ``batch`` maps a list of raw values to a frame of the same fields (rows of None for
    empty values), or to a list of results. Without ``fields`` the result is a plain value,
    taken as ``'value'``.
    """

    def __init__(self, column: pd.Series | None, n: int, parser: Callable[[Any], Any] | None = None,
                 *, batch: Callable[[list], Any] | None = None, fields: tuple[str, ...] | None = None):
        if column is None:
            self.codes = np.full(n, -1, dtype=np.intp)
            uniques: list = []
        else:
            self.codes, uniques = pd.factorize(column, use_na_sentinel=True)
            uniques = list(uniques)
        m = len(uniques)
        names = fields or ("value",)
        results = batch(uniques) if batch is not None else [parser(v) for v in uniques]
        if isinstance(results, pd.DataFrame):
            columns = {f: results[f].to_numpy(dtype=object) for f in names}
        elif fields is None:
            columns = {"value": np.fromiter(results, dtype=object, count=m)}
        else:
            empty = (None,) * len(fields)
            rows = zip(*[empty if r is None else r for r in results]) if m else [()] * len(fields)
            columns = {f: np.fromiter(col, dtype=object, count=m) for f, col in zip(fields, rows)}
        self._unique = columns
        self._rows: dict[str, np.ndarray] = {}
        self._uniques = uniques
        self.given = self.codes >= 0  # a raw value was present
        # ... and it parsed: the first field of a result is never None.
        self.present = self._per_row(np.not_equal(self._unique[names[0]], None), False)

    def meant(self, rows: np.ndarray) -> np.ndarray:
        """``rows`` narrowed to those whose raw value is not an empty marker ('无', 'NULL', '-' …).

        Checks only the distinct values of the rows selected, which are few (failures).
        """
        codes = np.unique(self.codes[rows & self.given])
        real = [c for c in codes.tolist() if normalize_text(self._uniques[c]) is not None]
        return rows & np.isin(self.codes, real)

    def unique(self, attr: str) -> np.ndarray:
        """The field's values per distinct input."""
        return self._unique[attr]

    def take(self, attr: str = "value") -> np.ndarray:
        """The field's values per row (None where no input)."""
        if attr not in self._rows:
            per_unique = np.append(self._unique[attr], np.array([None], dtype=object))
            self._rows[attr] = per_unique[self.codes]
        return self._rows[attr]

    def take_derived(self, derive: Callable[[int], Any]) -> np.ndarray:
        """Per-row values of ``derive(i)`` computed once per distinct input ``i``."""
        m = len(next(iter(self._unique.values())))
        per_unique = np.empty(m + 1, dtype=object)
        per_unique[:m] = [derive(i) for i in range(m)] if m else []
        per_unique[m] = None
        return per_unique[self.codes]

    def mask(self, attr: str) -> np.ndarray:
        """Per-row booleans: whether the field is truthy (set, True), False where no input."""
        return self._per_row(self._unique[attr].astype(bool), False)

    def _per_row(self, per_unique: np.ndarray, missing: Any) -> np.ndarray:
        return np.append(per_unique, np.array([missing], dtype=per_unique.dtype))[self.codes]


class _Flags:
    """Per-row lists of flag strings."""

    def __init__(self, n: int):
        self.lists: list[list[str]] = [[] for _ in range(n)]

    def add(self, mask: np.ndarray, flag: str) -> None:
        for i in np.flatnonzero(mask):
            self.lists[i].append(flag)

    def add_codes(self, parsed: _Parsed, prefix: str, attr: str = "problem") -> None:
        """Add '<prefix>:<value>' for every row whose field ``attr`` is set."""
        values = parsed.take(attr)
        for i in np.flatnonzero(parsed.mask(attr)):
            self.lists[i].append(f"{prefix}:{values[i]}")


def _column(fields: pd.DataFrame, name: str) -> pd.Series | None:
    return fields[name] if name in fields.columns else None


def _check_kind(kind: str, fields: pd.DataFrame) -> None:
    if kind not in INPUT_FIELDS:
        raise ValueError(f"unknown record kind {kind!r}: use one of {', '.join(INPUT_FIELDS)}")
    unknown = [c for c in fields.columns if c not in INPUT_FIELDS[kind]]
    if unknown:
        raise ValueError(
            f"columns {unknown} are not canonical {kind} fields; map them to one of "
            f"{', '.join(INPUT_FIELDS[kind])} in the source mapping or drop them"
        )


def standardise(kind: str, fields: pd.DataFrame, *, default_city: str | None = None) -> pd.DataFrame:
    """Standardise the canonical fields of one record kind.

    Args:
        kind: 'person', 'organization' or 'place'.
        fields: columns named by canonical fields (any subset of ``INPUT_FIELDS[kind]``), raw
            values (str, number or None), index = row numbers.
        default_city: the city a source's addresses lie in when they do not say (e.g. '南京市'),
            used to resolve ambiguous district names; never overrides a named city.

    Returns:
        A frame with the same index and exactly ``OUTPUT_COLUMNS[kind]``: None where there was
        no input, ``*_valid`` columns True/False/None, ``lng``/``lat`` floats, and ``flags`` a
        list of short problem strings per row.

    Raises:
        ValueError: for an unknown kind or a column that is not a canonical field of the kind.
    """
    _check_kind(kind, fields)
    n = len(fields)
    out: dict[str, Any] = {}
    flags = _Flags(n)
    if kind == "person":
        _person(fields, n, out, flags)
    elif kind == "organization":
        _organization(fields, n, out, flags)
    else:
        _place(fields, n, out, flags, default_city)
    if kind != "place":
        _address(_column(fields, "address"), n, out, flags, default_city)
    out["flags"] = flags.lists
    frame = pd.DataFrame(out, index=fields.index)
    return frame[list(OUTPUT_COLUMNS[kind])]


# --------------------------------------------------------------------------- per kind

def _id_flags(parsed: _Parsed, prefix: str, flags: _Flags) -> None:
    flags.add_codes(parsed, prefix)
    flags.add(parsed.mask("upgraded"), f"{prefix}:upgraded_15")


def _unparsed(parsed: _Parsed, field: str, flags: _Flags) -> None:
    flags.add(parsed.meant(parsed.given & ~parsed.present), f"{field}:unparsed")


def _ids(column: pd.Series | None, n: int) -> _Parsed:
    return _Parsed(column, n, batch=parse_id_numbers, fields=IdNumber._fields)


def _names(column: pd.Series | None, n: int, with_pinyin: bool = True) -> _Parsed:
    return _Parsed(column, n, batch=lambda v: parse_person_names(v, with_pinyin=with_pinyin),
                   fields=PersonName._fields)


def _companies(column: pd.Series | None, n: int) -> _Parsed:
    return _Parsed(column, n, batch=parse_company_names, fields=CompanyName._fields)


def _usccs(column: pd.Series | None, n: int) -> _Parsed:
    return _Parsed(column, n, batch=parse_usccs, fields=Uscc._fields)


def _person(fields: pd.DataFrame, n: int, out: dict, flags: _Flags) -> None:
    name = _names(_column(fields, "name"), n)
    out["name"], out["name_key"], out["name_pinyin"] = (
        name.take("display"), name.take("key"), name.take("pinyin"))

    idn = _ids(_column(fields, "id_number"), n)
    out["id_number"] = idn.take("value")
    out["id_valid"] = idn.take("valid")
    out["id_birth_date"] = idn.take("birth_date")
    out["id_gender"] = idn.take("gender")
    out["id_region"] = idn.take("region")
    _id_flags(idn, "id_number", flags)

    gender = _Parsed(_column(fields, "gender"), n, parse_gender)
    out["gender"] = gender.take()
    _unparsed(gender, "gender", flags)
    birth = _Parsed(_column(fields, "birth_date"), n, parse_date)
    out["birth_date"] = birth.take()
    _unparsed(birth, "birth_date", flags)

    id_valid = idn.mask("valid")
    flags.add(id_valid & birth.present & (out["birth_date"] != out["id_birth_date"]),
              "id_number:birth_date_mismatch")
    flags.add(id_valid & gender.present & (out["gender"] != out["id_gender"]),
              "id_number:gender_mismatch")

    phone = _Parsed(_column(fields, "phone"), n, batch=parse_phones, fields=Phone._fields)
    out["phone"], out["phone_kind"] = phone.take("value"), phone.take("kind")
    flags.add(phone.meant(phone.given & ~phone.mask("valid")), "phone:invalid")

    employer = _companies(_column(fields, "employer_name"), n)
    out["employer_name"], out["employer_name_key"] = employer.take("display"), employer.take("core")
    employer_uscc = _usccs(_column(fields, "employer_uscc"), n)
    out["employer_uscc"] = employer_uscc.take("value")
    flags.add_codes(employer_uscc, "employer_uscc")


def _organization(fields: pd.DataFrame, n: int, out: dict, flags: _Flags) -> None:
    name = _companies(_column(fields, "name"), n)
    out["name"], out["name_key"] = name.take("display"), name.take("key")
    for attr in ("region", "trade_name", "industry", "legal_form", "form_family", "branch", "core"):
        out[f"co_{attr}"] = name.take(attr)

    uscc = _usccs(_column(fields, "uscc"), n)
    out["uscc"], out["uscc_valid"] = uscc.take("value"), uscc.take("valid")
    flags.add_codes(uscc, "uscc")
    flags.add(uscc.mask("unverified"), "uscc:unverified")

    org = _Parsed(_column(fields, "org_code"), n, batch=parse_org_codes, fields=OrgCode._fields)
    given_code, given_valid = org.take("value"), org.take("valid")
    derived_code, derived_valid = uscc.take("org_code"), uscc.take("org_code_valid")
    use_given = org.present
    out["org_code"] = np.where(use_given, given_code, derived_code)
    out["org_code_valid"] = np.where(use_given, given_valid, derived_valid)
    flags.add_codes(org, "org_code")
    flags.add(use_given & (derived_code != None) & (given_code != derived_code),  # noqa: E711
              "org_code:uscc_mismatch")

    reg = _Parsed(_column(fields, "reg_no"), n, parse_reg_no, fields=RegNo._fields)
    out["reg_no"], out["reg_no_valid"] = reg.take("value"), reg.take("valid")
    flags.add_codes(reg, "reg_no")

    rep = _names(_column(fields, "legal_rep_name"), n, with_pinyin=False)  # only display and key
    out["legal_rep_name"], out["legal_rep_name_key"] = rep.take("display"), rep.take("key")
    rep_id = _ids(_column(fields, "legal_rep_id_number"), n)
    out["legal_rep_id_number"], out["legal_rep_id_valid"] = rep_id.take("value"), rep_id.take("valid")
    _id_flags(rep_id, "legal_rep_id_number", flags)

    established = _Parsed(_column(fields, "established"), n, parse_date)
    out["established"] = established.take()
    _unparsed(established, "established", flags)


def _address(column: pd.Series | None, n: int, out: dict, flags: _Flags,
             default_city: str | None) -> None:
    address = _Parsed(column, n, batch=lambda values: parse_addresses(values, default_city),
                      fields=Address._fields)
    for attr, col in _ADDRESS_FIELDS:
        out[col] = address.take(attr)
    candidates = address.unique("candidates")
    out["addr_candidates"] = address.take_derived(
        lambda i: "|".join(candidates[i]) if candidates[i] else None)
    flags.add(address.mask("ambiguous"), "address:ambiguous_district")


def parse_coordinate(raw: object) -> float | None:
    """Read one coordinate value: a number, or text such as '121.47', '１２１．４７', '121.47°E'.

    Returns:
        The float, or None when empty or unreadable.
    """
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        value = float(raw)
        return value if np.isfinite(value) else None
    text = normalize_text(raw)
    if text is None:
        return None
    text = text.rstrip("°度ENSWensw ").replace("°", "")
    try:
        value = float(text)
    except ValueError:
        return None
    return value if np.isfinite(value) else None


def _coordinates(column: pd.Series | None, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Floats of a coordinate column (NaN where missing or unreadable), and where a value was
    given. Plain numbers and numeric strings convert in bulk; the rest go through
    :func:`parse_coordinate`."""
    if column is None:
        return np.full(n, np.nan), np.zeros(n, dtype=bool)
    given = column.notna().to_numpy() & (column.astype(str).str.strip() != "").to_numpy()
    values = pd.to_numeric(column, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    retry = np.flatnonzero(given & np.isnan(values))
    if retry.size:
        slow = _Parsed(column.iloc[retry], retry.size, parse_coordinate)
        values[retry] = np.array(slow.take(), dtype=float)
    values[~np.isfinite(values)] = np.nan
    return values, given


def _place(fields: pd.DataFrame, n: int, out: dict, flags: _Flags, default_city: str | None) -> None:
    _address(_column(fields, "address"), n, out, flags, default_city)
    lng, lng_given = _coordinates(_column(fields, "lng"), n)
    lat, lat_given = _coordinates(_column(fields, "lat"), n)

    crs_col = _column(fields, "crs")
    if crs_col is None:
        crs = np.full(n, "wgs84", dtype=object)
    else:
        crs_p = _Parsed(crs_col, n, lambda v: (normalize_text(v) or "").lower() or None)
        crs = crs_p.take().copy()
        crs[~crs_p.present] = "wgs84"
    given = lng_given | lat_given
    ok = ~np.isnan(lng) & ~np.isnan(lat)
    swapped = ok & (np.abs(lat) > 90) & (np.abs(lng) <= 90)
    lng[swapped], lat[swapped] = lat[swapped], lng[swapped].copy()
    flags.add(swapped, "coords:swapped")
    ok &= (np.abs(lng) <= 180) & (np.abs(lat) <= 90)
    flags.add(given & ~ok, "coords:unparsed")
    lng[~ok] = np.nan
    lat[~ok] = np.nan

    out_lng, out_lat = lng.copy(), lat.copy()
    for label in pd.unique(crs[ok]):
        rows = ok & (crs == label)
        try:
            normalise_crs(label)
        except ValueError:
            flags.add(rows, "coords:unknown_crs")
            out_lng[rows] = np.nan
            out_lat[rows] = np.nan
            continue
        out_lng[rows], out_lat[rows] = to_wgs84_array(lng[rows], lat[rows], label)
    located = ok & ~np.isnan(out_lng)
    inside = np.zeros(n, dtype=bool)
    inside[located] = in_china_array(out_lng[located], out_lat[located])
    flags.add(located & ~inside, "coords:outside_china")
    out["lng"], out["lat"], out["crs"] = out_lng, out_lat, crs

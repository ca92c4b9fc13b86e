"""Masking (脱敏) of sensitive values by role: ID numbers, phones, exact addresses, birth dates.

A role is *cleared* for some categories (:data:`CLEARANCE`); everything else is masked wherever it
appears in a response — by field name (``id_number``, ``phone``, ``address``, ``birth_date`` and
their relatives) and, for ID and mobile numbers, by shape inside any text, so a value an analyst
query returns under another name, or a Key such as ``phone:138…``, is masked too.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

CATEGORIES = ("id_number", "phone", "address", "birth_date")

#: What each role may see unmasked.
CLEARANCE: dict[str, frozenset[str]] = {
    "admin": frozenset(CATEGORIES),
    "steward": frozenset(CATEGORIES),  # they adjudicate conflicts: they must see the values
    "case_worker": frozenset({"id_number", "birth_date"}),  # to verify who is at the counter
    "analyst": frozenset(),
}

#: Field names (canonical, golden, or a column's last dotted part) → category.
FIELD_CATEGORY = {
    "id_number": "id_number", "legal_rep_id_number": "id_number",
    "phone": "phone",
    "birth_date": "birth_date", "id_birth_date": "birth_date",
    "address": "address", "addr_key": "address", "addr_road": "address",
    "addr_number": "address", "addr_estate": "address", "addr_building": "address",
    "addr_unit": "address", "addr_room": "address", "addr_candidates": "address",
    "lng": "address", "lat": "address",
}

_CARRIERS = frozenset({"value", "alternatives"})
_ID = re.compile(r"(?<![0-9A-Za-z])(\d{6})((?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]))"
                 r"(\d{3}[0-9Xx])(?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<!\d)(1[3-9]\d)(\d{4})(\d{4})(?!\d)")
_LONG_DIGITS = re.compile(r"\d{11}")  # in every ID number and mobile number


def clearance(role: str) -> frozenset[str]:
    """The categories ``role`` sees unmasked (none for an unknown role)."""
    return CLEARANCE.get(role, frozenset())


def mask_id_number(value: str) -> str:
    """3101**********123X: region prefix and the last four kept."""
    v = str(value)
    return v[:4] + "*" * max(len(v) - 8, 0) + v[-4:] if len(v) > 8 else "*" * len(v)


def mask_phone(value: str) -> str:
    """138****8000 for a mobile; only the last four digits of anything else."""
    v = str(value)
    if len(v) == 11 and v.isdigit():
        return v[:3] + "****" + v[-4:]
    return "*" * max(len(v) - 4, 0) + v[-4:]


def mask_date(value: str) -> str:
    """The year only: 1969-**-**."""
    v = str(value)
    return v[:4] + "-**-**" if len(v) >= 4 and v[:4].isdigit() else "****-**-**"


@lru_cache(maxsize=100_000)
def mask_address(value: str) -> str:
    """Down to the district: 上海市浦东新区*** (the street, building and room hidden)."""
    from loaders.standardise.address import parse_address

    v = str(value)
    if "|" in v:  # an address key: province|city|district|road|number|building|unit|room
        return "|".join(v.split("|")[:3]) + "|***"
    parsed = parse_address(v)
    head = "".join(dict.fromkeys(p for p in (getattr(parsed, "province", None),
                                             getattr(parsed, "city", None),
                                             getattr(parsed, "district", None)) if p)) if parsed else ""
    return (head or v[:6]) + "***"


def mask_field(category: str, value: Any) -> Any:
    """``value`` masked as a ``category`` value (None stays None)."""
    if value is None or value == "":
        return value
    if category == "id_number":
        return mask_id_number(value)
    if category == "phone":
        return mask_phone(value)
    if category == "birth_date":
        return mask_date(value)
    if isinstance(value, (int, float)):  # coordinates: about a kilometre
        return round(float(value), 2)
    return mask_address(value)


def mask_text(text: str, cleared: frozenset[str]) -> str:
    """ID and mobile numbers masked inside free text."""
    if len(text) < 11 or not _LONG_DIGITS.search(text):  # neither can hide in it
        return text
    if "id_number" not in cleared:
        text = _ID.sub(lambda m: mask_id_number(m.group(0)), text)
    if "phone" not in cleared:
        text = _MOBILE.sub(lambda m: m.group(1) + "****" + m.group(3), text)
    return text


@lru_cache(maxsize=4096)
def _category(field: str) -> str | None:
    """The category of a field name (or of a column's last dotted part), or None."""
    return FIELD_CATEGORY.get(field.rsplit(".", 1)[-1])


def mask(value: Any, cleared: frozenset[str], field: str | None = None) -> Any:
    """``value`` (dicts, lists, scalars, nested) with everything ``cleared`` does not cover masked.

    Args:
        value: a response fragment.
        cleared: the categories the caller may see (:func:`clearance`).
        field: the name ``value`` sits under, if any. A dict under a sensitive name passes the
            name on to its ``value`` and ``alternatives`` (a golden field with its trail).
    """
    if len(cleared) == len(CATEGORIES):
        return value
    return _mask(value, cleared, _category(field) if field else None)


def _mask(value: Any, cleared: frozenset[str], category: str | None) -> Any:
    """:func:`mask` of ``value`` sitting under a name of ``category`` (None: not sensitive).
    Plain strings and numbers under names that are not hidden are handled in the loop, not by a
    call each: a profile has a few hundred of them."""
    hidden = category is not None and category not in cleared
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            c = category if hidden and k in _CARRIERS else _category(k)
            if c is None or c in cleared:
                if type(v) is str:
                    out[k] = mask_text(v, cleared)
                    continue
                if v is None or type(v) in (int, float, bool):
                    out[k] = v
                    continue
            out[k] = _mask(v, cleared, c)
        return out
    if isinstance(value, list):
        c = category if hidden else None
        return [_mask(v, cleared, c) for v in value]
    if hidden:
        return mask_field(category, value)
    if isinstance(value, str):
        return mask_text(value, cleared)
    return value


def mask_record(record: dict[str, Any], cleared: frozenset[str]) -> dict[str, Any]:
    """A source record masked, its raw row included: raw values of masked fields are found
    through ``raw_fields`` (field → raw value) and masked wherever the raw row holds them."""
    if len(cleared) == len(CATEGORIES):
        return record
    raw_fields = record.get("raw_fields") or {}
    hidden = {str(v): FIELD_CATEGORY[f] for f, v in raw_fields.items()
              if f in FIELD_CATEGORY and FIELD_CATEGORY[f] not in cleared and v not in (None, "")}
    out = mask(record, cleared)
    if hidden and isinstance(record.get("raw"), dict):
        out["raw"] = {k: (mask_field(hidden[str(v)], v) if str(v) in hidden else mask(v, cleared, k))
                      for k, v in record["raw"].items()}
    return out

"""Standardisation: pure parsers per concept, and the frame-level entry point ``standardise``.

Each parser takes one raw value (str, number or None) and returns a small immutable result (or a
string), None for an empty value; none of them raises on bad data. The plural forms
(``parse_addresses``, ``parse_id_numbers`` …) give the same results for many values at once,
faster. ``standardise`` applies them once per distinct value of a canonical-field frame.
"""

from loaders.standardise.address import Address, parse_address, parse_addresses
from loaders.standardise.company_name import CompanyName, parse_company_name, parse_company_names
from loaders.standardise.coords import (
    bd09_to_gcj02,
    gcj02_to_bd09,
    gcj02_to_wgs84,
    in_china,
    in_china_array,
    normalise_crs,
    to_wgs84,
    to_wgs84_array,
    wgs84_to_gcj02,
)
from loaders.standardise.dates import parse_date, parse_gender
from loaders.standardise.id_number import IdNumber, parse_id_number, parse_id_numbers
from loaders.standardise.org_codes import (
    OrgCode,
    RegNo,
    Uscc,
    classify_identifier,
    looks_like_id_number,
    looks_like_uscc,
    parse_org_code,
    parse_org_codes,
    parse_reg_no,
    parse_uscc,
    parse_usccs,
)
from loaders.standardise.person_name import PersonName, parse_person_name, parse_person_names
from loaders.standardise.phone import Phone, parse_phone, parse_phones
from loaders.standardise.records import ADDRESS_COLUMNS, INPUT_FIELDS, OUTPUT_COLUMNS, standardise
from loaders.standardise.text import (
    match_key,
    normalize_many,
    normalize_text,
    to_simplified,
    to_simplified_many,
)

__all__ = [
    "ADDRESS_COLUMNS", "INPUT_FIELDS", "OUTPUT_COLUMNS", "Address", "CompanyName", "IdNumber",
    "OrgCode", "PersonName", "Phone", "RegNo", "Uscc", "bd09_to_gcj02", "classify_identifier",
    "gcj02_to_bd09", "gcj02_to_wgs84", "in_china", "in_china_array", "looks_like_id_number",
    "looks_like_uscc", "match_key", "normalise_crs", "normalize_many", "normalize_text",
    "parse_address", "parse_addresses", "parse_company_name", "parse_company_names", "parse_date",
    "parse_gender", "parse_id_number", "parse_id_numbers", "parse_org_code", "parse_org_codes",
    "parse_person_name", "parse_person_names", "parse_phone", "parse_phones", "parse_reg_no",
    "parse_uscc", "parse_usccs", "standardise", "to_simplified", "to_simplified_many", "to_wgs84",
    "to_wgs84_array", "wgs84_to_gcj02",
]

"""Comparison kernels: aligned candidate pairs in, comparison levels out.

Every kernel takes aligned left and right columns (pair i compares ``left[i]`` with
``right[i]``) and returns an int8 level per pair, Fellegi–Sunter style: -1 where either side is
missing, 0 for disagreement, higher for stronger agreement. Each kernel's docstring lists its
levels. Kernels are vectorised (numpy, rapidfuzz ``cpdist``); logic that needs Python runs once
per distinct value or value pair.

:func:`comparison_levels` runs named comparisons (JSON settings, see ``catalogue``) over
candidate pairs of one record frame; :func:`company_conflict` is a cannot-link for clustering;
:func:`name_similarity` (:func:`name_similarities` for many keys at once) is the graded name
measure for search.
"""

from linkage.compare.addresses import address_levels
from linkage.compare.catalogue import KERNELS, Comparison, comparison_levels
from linkage.compare.companies import company_conflict, company_name_levels
from linkage.compare.dates import date_levels
from linkage.compare.generic import (
    exact_levels,
    jaro_winkler_levels,
    levenshtein_levels,
    numeric_abs_diff_levels,
)
from linkage.compare.geo import geo_levels, haversine_m
from linkage.compare.identifiers import (
    email_levels,
    id_number_levels,
    id_number_valid,
    phone_levels,
)
from linkage.compare.names import (
    graded_distance,
    name_similarities,
    name_similarity,
    person_name_levels,
)

__all__ = [
    "KERNELS",
    "Comparison",
    "comparison_levels",
    "address_levels",
    "company_conflict",
    "company_name_levels",
    "date_levels",
    "email_levels",
    "exact_levels",
    "geo_levels",
    "graded_distance",
    "haversine_m",
    "id_number_levels",
    "id_number_valid",
    "jaro_winkler_levels",
    "levenshtein_levels",
    "name_similarities",
    "name_similarity",
    "numeric_abs_diff_levels",
    "person_name_levels",
    "phone_levels",
]

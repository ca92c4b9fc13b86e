"""Loaders: department files → canonical records, every row accounted for."""

from loaders.errors import LoadError, MappingError, SourceFileError
from loaders.load import LoadReport, load_file
from loaders.mapping import CANONICAL_FIELDS, Mapping, load_mapping, parse_mapping

__all__ = ["CANONICAL_FIELDS", "LoadError", "LoadReport", "Mapping", "MappingError",
           "SourceFileError", "load_file", "load_mapping", "parse_mapping"]

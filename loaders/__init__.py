"""Loaders: department files → canonical records, every row accounted for."""

from loaders.errors import LoadError, MappingError, SourceFileError
from loaders.load import (
    LoadReport,
    PreparedFile,
    commit_file,
    load_file,
    load_files,
    mapping_jobs,
    prepare_file,
)
from loaders.mapping import CANONICAL_FIELDS, Mapping, load_mapping, parse_mapping

__all__ = ["CANONICAL_FIELDS", "LoadError", "LoadReport", "Mapping", "MappingError",
           "PreparedFile", "SourceFileError", "commit_file", "load_file", "load_files", "load_mapping",
           "mapping_jobs", "parse_mapping", "prepare_file"]

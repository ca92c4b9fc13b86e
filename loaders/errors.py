"""Errors that stop a load before anything is written. Each names the file and the fix."""

from __future__ import annotations


class LoadError(Exception):
    """Root of file-level load problems."""


class MappingError(LoadError):
    """The mapping file is wrong: unknown kind/format/field, missing key, bad YAML."""

    def __init__(self, mapping: str, problem: str, fix: str):
        self.mapping, self.problem, self.fix = mapping, problem, fix
        super().__init__(f"mapping {mapping}: {problem}. Fix: {fix}")

    def __reduce__(self):  # raised in a load worker, re-raised in the caller's process
        return type(self), (self.mapping, self.problem, self.fix)


class SourceFileError(LoadError):
    """The source file cannot be read as its mapping describes."""

    def __init__(self, file: str, problem: str, fix: str, *, column: str | None = None):
        self.file, self.problem, self.fix, self.column = file, problem, fix, column
        super().__init__(f"file {file}: {problem}. Fix: {fix}")

    def __reduce__(self):  # raised in a load worker, re-raised in the caller's process
        return _source_file_error, (self.file, self.problem, self.fix, self.column)


def _source_file_error(file: str, problem: str, fix: str, column: str | None) -> SourceFileError:
    return SourceFileError(file, problem, fix, column=column)

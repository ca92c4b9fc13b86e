"""Lint Cypher with Neo4j's own parser and semantic analysis, from Python.

The work is done by ``tests/neo4j_lint/lint.mjs`` (npm package ``@neo4j-cypher/language-support``,
``lintCypherQuery``); this module runs it once per call over every query given, in one Node process.

    results = lint([("find_person", "MATCH (p:Person {eid: $eid}) RETURN p", ["eid"])])
    results["find_person"]  # -> list[Diagnostic]

Install once: ``npm ci --prefix tests/neo4j_lint`` (needs Node >= 18.18).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

LINT_DIR = Path(__file__).resolve().parent.parent / "neo4j_lint"
LINT_SCRIPT = LINT_DIR / "lint.mjs"
PACKAGE = "@neo4j-cypher/language-support"
FIX = "npm ci --prefix tests/neo4j_lint"

ERROR = 1
WARNING = 2

_UNKNOWN_NAME = re.compile(r"^(Label|Relationship type|Label or relationship type) \S+ is not present in the database")


class LinterUnavailable(RuntimeError):
    """Node or the linter's npm packages are missing; the message says how to fix it."""


@dataclass(frozen=True)
class Diagnostic:
    """One finding; ``line`` and ``col`` count from 1 within the linted text."""

    severity: int
    message: str
    line: int
    col: int
    source: str = "language-support"

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    @property
    def is_unknown_name(self) -> bool:
        """A label or relationship type that is not in ``tests/neo4j_lint/schema.json``."""
        return bool(_UNKNOWN_NAME.match(self.message))

    @property
    def is_deprecation(self) -> bool:
        return "deprecated" in self.message.lower()

    @property
    def fails(self) -> bool:
        """What the test suite rejects: errors, unknown labels/types and deprecated features."""
        return self.is_error or self.is_unknown_name or self.is_deprecation

    def __str__(self) -> str:
        kind = "error" if self.is_error else "warning"
        return f"{self.line}:{self.col}: {kind}: {self.message}"


@dataclass(frozen=True)
class LintResult:
    """What the linter says about one text: its diagnostics and the ``$params`` its parser found."""

    diagnostics: list[Diagnostic]
    parameters: list[str]


def under_ci() -> bool:
    """True when the environment says it is a CI run (``CI=true``, as GitHub Actions and others set)."""
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes", "on"}


def node_executable() -> str:
    """The ``node`` to run, or raise :class:`LinterUnavailable` saying what to install."""
    node = shutil.which("node")
    if node is None:
        raise LinterUnavailable(
            f"Node.js is not on PATH: the Neo4j Cypher lint needs Node >= 18.18, then `{FIX}`"
        )
    if not (LINT_DIR / "node_modules" / PACKAGE / "package.json").is_file():
        raise LinterUnavailable(f"{PACKAGE} is not installed under {LINT_DIR}: run `{FIX}`")
    return node


def lint_full(
    queries: Iterable[tuple[str, str, Sequence[str] | None]],
    timeout: float = 300.0,
) -> dict[str, LintResult]:
    """Lint every ``(id, text, parameter names)``; parameter names ``None`` skips the parameter check.

    Raises:
        LinterUnavailable: if Node or the npm packages are missing.
        RuntimeError: if the linter itself fails.
        ValueError: if two queries share an id.
    """
    items = []
    seen: set[str] = set()
    for query_id, text, params in queries:
        if query_id in seen:
            raise ValueError(f"duplicate query id {query_id!r}")
        seen.add(query_id)
        items.append({"id": query_id, "query": text, "parameters": None if params is None else list(params)})
    if not items:
        return {}
    node = node_executable()
    proc = subprocess.run(
        [node, str(LINT_SCRIPT)],
        input=json.dumps(items),
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=LINT_DIR,
        timeout=timeout,
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"{LINT_SCRIPT.name} exited {proc.returncode}: {proc.stderr.strip()[-2000:]}")
    out = json.loads(proc.stdout)
    return {
        r["id"]: LintResult(
            diagnostics=[
                Diagnostic(d["severity"], d["message"], d["line"], d["col"], d.get("source", "language-support"))
                for d in r["diagnostics"]
            ],
            parameters=list(r.get("parameters", [])),
        )
        for r in out
    }


def lint(
    queries: Iterable[tuple[str, str, Sequence[str] | None]],
    timeout: float = 300.0,
) -> dict[str, list[Diagnostic]]:
    """Lint every ``(id, text, parameter names)`` in one Node process; return the diagnostics per id.

    A ``$param`` in the text that is not among the parameter names is an error; pass ``None`` for the
    names to leave parameters unchecked.

    Raises:
        LinterUnavailable: if Node or the npm packages are missing (the message gives the fix).
    """
    return {k: v.diagnostics for k, v in lint_full(queries, timeout).items()}

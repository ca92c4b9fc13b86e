"""Every query Neo4j will receive passes Neo4j's own parser and semantic analysis.

The linter is ``@neo4j-cypher/language-support`` (``lintCypherQuery``) run by
``tests/neo4j_lint/lint.mjs``; install it with ``npm ci --prefix tests/neo4j_lint``. Without Node or
the npm packages these tests skip locally and fail under CI (``CI=true``).

A query fails on: any error (syntax, undefined variable, unknown function or procedure, a ``$param``
the catalogue does not list), a label or relationship type missing from
``tests/neo4j_lint/schema.json``, or a deprecated feature. Other warnings are allowed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.neo4j_store import bulk_statements
from queries import Query, engine_queries
from tests.queries.neo4j_cypher import (
    FIX,
    LINT_DIR,
    Diagnostic,
    LintResult,
    LinterUnavailable,
    lint,
    lint_full,
    node_executable,
    under_ci,
)

REPO = Path(__file__).resolve().parents[2]
NEO4J_QUERIES = engine_queries("neo4j")
BULK = bulk_statements()  # the Neo4j engine's generated UNWIND statements, one per label/rel type


@pytest.fixture(scope="module")
def linter() -> None:
    """Skip (locally) or fail (under CI) when the linter cannot run."""
    try:
        node_executable()
    except LinterUnavailable as e:
        if under_ci():
            pytest.fail(f"{e} (CI=true: the Neo4j Cypher lint must run)", pytrace=False)
        pytest.skip(str(e))


def _key(query: Query, i: int, prefix: str = "catalogue") -> str:
    return f"{prefix}:{query.name}#{i}"


@pytest.fixture(scope="module")
def results(linter: None, broken_query: Query) -> dict[str, LintResult]:
    """Everything this module lints, in one Node process (each process costs ~2-3 s to start and warm up)."""
    items = [(_key(q, i), stmt, q.parameters) for q in NEO4J_QUERIES for i, stmt in enumerate(q.statements())]
    items += [(f"bad:{k}", q, p) for k, (q, p, _) in BAD.items()]
    items += [(f"warned:{k}", q, []) for k, (q, _) in WARNED.items()]
    items += [(f"good:{k}", q, p) for k, (q, p) in GOOD.items()]
    items += [(f"bulk:{k}", text, ["rows"]) for k, text in BULK.items()]
    items += [("positions", "MATCH (n:Person)\nRETURN m", []),
              ("unchecked", "MATCH (p:Person {eid: $eid}) WHERE p.x IN $`odd name` RETURN p", None)]
    items += [
        (_key(broken_query, i, "broken"), stmt, broken_query.parameters)
        for i, stmt in enumerate(broken_query.statements())
    ]
    return lint_full(items)


def _file_positions(query: Query) -> list[list[tuple[int, int]]]:
    """For each statement, for each of its lines: (file line number, column shift), both from 1/0.

    ``Query.text`` drops ``//`` lines and ``statements()`` strips each statement, so a statement's
    lines are the file's lines in order, minus comment lines (and blank lines between statements).
    """
    file_lines = query.path.read_text(encoding="utf-8").splitlines()
    pos = 0
    out: list[list[tuple[int, int]]] = []
    for stmt in query.statements():
        mapping: list[tuple[int, int]] = []
        for n, line in enumerate(stmt.splitlines()):
            while pos < len(file_lines) and (
                file_lines[pos].lstrip().startswith("//") or (n == 0 and not file_lines[pos].strip())
            ):
                pos += 1
            if pos >= len(file_lines):
                mapping.append((0, 0))
                continue
            shift = (len(file_lines[pos]) - len(file_lines[pos].lstrip())) - (len(line) - len(line.lstrip()))
            mapping.append((pos + 1, shift))
            pos += 1
        out.append(mapping)
    return out


def _describe(query: Query, i: int, d: Diagnostic, positions: list[list[tuple[int, int]]]) -> str:
    """``path:line:col: kind: message`` in file coordinates, with the offending line and a caret."""
    try:
        rel = query.path.resolve().relative_to(REPO)
    except ValueError:
        rel = query.path
    kind = "error" if d.is_error else "warning"
    lines = positions[i] if i < len(positions) else []
    if not (0 < d.line <= len(lines) and lines[d.line - 1][0]):
        return f"  {rel} (statement {i + 1}, line {d.line}, col {d.col}): {kind}: {d.message}"
    file_line, shift = lines[d.line - 1]
    col = d.col + shift
    source = query.path.read_text(encoding="utf-8").splitlines()[file_line - 1]
    return f"  {rel}:{file_line}:{col}: {kind}: {d.message}\n      {source}\n      {' ' * (col - 1)}^"


@pytest.mark.parametrize("query", NEO4J_QUERIES, ids=[q.name for q in NEO4J_QUERIES])
def test_neo4j_query_passes_neo4j_lint(query: Query, results: dict[str, LintResult]) -> None:
    problems = _problems(query, results)
    assert not problems, f"Neo4j rejects query {query.name!r} ({query.path}):\n" + "\n".join(problems)


@pytest.mark.parametrize("name", list(BULK))
def test_neo4j_engine_bulk_statement_passes_neo4j_lint(name: str, results: dict[str, LintResult]) -> None:
    failing = [d for d in results[f"bulk:{name}"].diagnostics if d.fails]
    assert not failing, f"Neo4j rejects the engine's {name} statement:\n{BULK[name]}\n" + "\n".join(
        f"  {d.line}:{d.col}: {d.message}" for d in failing)


def _problems(query: Query, results: dict[str, LintResult], prefix: str = "catalogue") -> list[str]:
    positions = _file_positions(query)
    return [
        _describe(query, i, d, positions)
        for i in range(len(query.statements()))
        for d in results[_key(query, i, prefix)].diagnostics
        if d.fails
    ]


@pytest.mark.parametrize("query", NEO4J_QUERIES, ids=[q.name for q in NEO4J_QUERIES])
def test_catalogue_parameters_match_neo4j_parser(query: Query, results: dict[str, LintResult]) -> None:
    """``Query.parameters`` (a regex) names exactly the ``$params`` Neo4j's parser sees."""
    parsed = {p for i in range(len(query.statements())) for p in results[_key(query, i)].parameters}
    assert parsed == set(query.parameters), (
        f"query {query.name!r} ({query.path}): catalogue lists {sorted(query.parameters)}, "
        f"Neo4j's parser finds {sorted(parsed)}"
    )


# --- the linter itself: it must catch what it is here to catch --------------------------------

BAD = {
    "syntax_error": ("MATCH (n RETURN n", [], "Invalid input"),
    "undefined_variable": ("MATCH (n) RETURN m", [], "Variable `m` not defined"),
    "unknown_function": ("RETURN frobnicate(1)", [], "Function frobnicate is not present"),
    "plugin_function": ("RETURN apoc.text.join(['a'], ',')", [], "Function apoc.text.join is not present"),
    "unknown_procedure": ("CALL db.frobnicate() YIELD x RETURN x", [], "Procedure db.frobnicate is not present"),
    "undeclared_parameter": ("MATCH (p:Person {eid: $eid}) RETURN p", ["rows"], "Parameter $eid is not defined"),
    "undefined_in_order_by": ("MATCH (p:Person) RETURN p.name AS name ORDER BY nme", [], "Variable `nme` not defined"),
    "cypher_25": ("CYPHER 25 MATCH (p:Person) RETURN p", [], "Neo4j 5 runs CYPHER 5"),
}

WARNED = {
    "label_typo_in_match": ("MATCH (s:SourceRecrod) RETURN s", "Label SourceRecrod"),
    "rel_typo_in_match": ("MATCH (s:SourceRecord)-[:HAS_KYE]->(k:Key) RETURN k", "Relationship type HAS_KYE"),
    "label_typo_in_alternation": ("MATCH (e:Person|Organisation) RETURN e", "Label Organisation"),
    "label_typo_in_create": ("CREATE (p:Persn {eid: 'x'})", "Label Persn"),
    "rel_typo_in_merge": (
        "MATCH (a:Person {eid: 'a'}) MATCH (b:Place {eid: 'b'}) MERGE (a)-[:LIVS_AT]->(b)",
        "Relationship type LIVS_AT",
    ),
    "label_typo_in_set": ("MATCH (p:Person) SET p:Persn", "Label Persn"),
    "label_typo_in_constraint": (
        "CREATE CONSTRAINT c IF NOT EXISTS FOR (s:SourceRecrod) REQUIRE s.rid IS UNIQUE",
        "Label SourceRecrod",
    ),
    "rel_typo_in_index": (
        "CREATE INDEX i IF NOT EXISTS FOR ()-[r:RESOLVS_TO]-() ON (r.run_id)",
        "Relationship type RESOLVS_TO",
    ),
    "deprecated_id": ("MATCH (p:Person) RETURN id(p)", "deprecated"),
}

GOOD = {
    "unwind_set": ("UNWIND $rows AS r MATCH (s:SourceRecord {rid: r.rid}) SET s.name = r.name", ["rows"]),
    "shortest_path": (
        "MATCH p = shortestPath((a:Person {eid:$a})-[*..4]-(b:Person {eid:$b})) RETURN p",
        ["a", "b"],
    ),
    "constraint": (
        "CREATE CONSTRAINT source_record_rid IF NOT EXISTS FOR (s:SourceRecord) REQUIRE s.rid IS UNIQUE",
        [],
    ),
    "merge_between_matches": (
        "MATCH (s:SourceRecord {rid: $rid}) MATCH (e:Person {eid: $eid}) "
        "MERGE (s)-[r:RESOLVES_TO]->(e) SET r.run_id = $run_id",
        ["rid", "eid", "run_id"],
    ),
    "subqueries_and_builtins": (
        "MATCH (e:Person|Organization) WHERE EXISTS { MATCH (e)<-[:RESOLVES_TO]-(:SourceRecord) } "
        "RETURN elementId(e) AS id, labels(e) AS labels, toLower(coalesce(e.name, '')) AS name, "
        "COUNT { (e)<-[:RESOLVES_TO]-() } AS n, size(keys(properties(e))) AS k, datetime() AS at",
        [],
    ),
    "fulltext_index": ("CREATE FULLTEXT INDEX names IF NOT EXISTS FOR (n:Person|Organization) ON EACH [n.name]", []),
}


@pytest.mark.parametrize("case", list(BAD))
def test_linter_catches_error(case: str, results: dict[str, LintResult]) -> None:
    diagnostics = results[f"bad:{case}"].diagnostics
    expected = BAD[case][2]
    assert any(d.is_error and expected in d.message for d in diagnostics), (
        f"{BAD[case][0]!r}: expected an error containing {expected!r}, got {[str(d) for d in diagnostics]}"
    )


@pytest.mark.parametrize("case", list(WARNED))
def test_linter_warns_and_suite_fails(case: str, results: dict[str, LintResult]) -> None:
    diagnostics = results[f"warned:{case}"].diagnostics
    expected = WARNED[case][1]
    assert any(d.fails and expected in d.message for d in diagnostics), (
        f"{WARNED[case][0]!r}: expected a failing diagnostic containing {expected!r}, "
        f"got {[str(d) for d in diagnostics]}"
    )


@pytest.mark.parametrize("case", list(GOOD))
def test_linter_passes_good_query(case: str, results: dict[str, LintResult]) -> None:
    diagnostics = results[f"good:{case}"].diagnostics
    assert not [d for d in diagnostics if d.fails], [str(d) for d in diagnostics]


def test_positions_count_from_one(results: dict[str, LintResult]) -> None:
    [d] = results["positions"].diagnostics
    assert (d.severity, d.line, d.col) == (1, 2, 8)


def test_parameters_unchecked_when_none(results: dict[str, LintResult]) -> None:
    result = results["unchecked"]
    assert result.diagnostics == []
    assert sorted(result.parameters) == ["eid", "odd name"]


def test_lint_of_nothing_is_empty() -> None:
    assert lint([]) == {}


def test_duplicate_ids_rejected() -> None:
    with pytest.raises(ValueError, match="duplicate"):
        lint([("a", "RETURN 1", []), ("a", "RETURN 2", [])])


def test_missing_packages_name_the_fix(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from tests.queries import neo4j_cypher

    monkeypatch.setattr(neo4j_cypher, "LINT_DIR", tmp_path)
    monkeypatch.setattr(neo4j_cypher.shutil, "which", lambda _: "/usr/bin/node")
    with pytest.raises(LinterUnavailable, match="npm ci --prefix tests/neo4j_lint"):
        neo4j_cypher.node_executable()
    monkeypatch.setattr(neo4j_cypher.shutil, "which", lambda _: None)
    with pytest.raises(LinterUnavailable, match="npm ci --prefix tests/neo4j_lint"):
        neo4j_cypher.lint([("q", "RETURN 1", [])])
    assert FIX == "npm ci --prefix tests/neo4j_lint"
    assert LINT_DIR.name == "neo4j_lint"


@pytest.mark.parametrize(("value", "expected"), [("true", True), ("1", True), ("", False), ("false", False)])
def test_under_ci(monkeypatch: pytest.MonkeyPatch, value: str, expected: bool) -> None:
    monkeypatch.setenv("CI", value)
    assert under_ci() is expected


BROKEN = (
    "// header comment\n"
    "CREATE CONSTRAINT b IF NOT EXISTS FOR (b:Batch) REQUIRE b.batch_id IS UNIQUE;\n"
    "\n"
    "// the second statement\n"
    "MATCH (p:Person {eid: $eid})\n"
    "  // a comment inside it\n"
    "  RETURN q;\n"
)


@pytest.fixture(scope="module")
def broken_query(tmp_path_factory: pytest.TempPathFactory) -> Query:
    """A two-statement neo4j query file with comments and an error on file line 7, via the catalogue."""
    from queries import catalogue

    root = tmp_path_factory.mktemp("queries")
    (root / "neo4j").mkdir()
    (root / "shared").mkdir()
    (root / "neo4j" / "broken.cypher").write_text(BROKEN, encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(catalogue, "_ROOT", root)
        catalogue.load.cache_clear()
        try:
            return catalogue.load("broken", "neo4j")
        finally:
            catalogue.load.cache_clear()


def test_failure_message_points_into_the_file(broken_query: Query, results: dict[str, LintResult]) -> None:
    [problem] = _problems(broken_query, results, prefix="broken")
    assert f"{broken_query.path}:7:10: error: Variable `q` not defined" in problem
    assert problem.endswith("  RETURN q;\n               ^")

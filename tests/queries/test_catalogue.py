"""queries/catalogue.py: which file an engine gets, and what a Query says about its text."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from queries import catalogue
from queries.catalogue import ENGINES, Query, engine_queries, load


@pytest.fixture
def root(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    """An empty query tree in tmp_path that the catalogue reads instead of queries/."""
    for folder in ("shared", *ENGINES):
        (tmp_path / folder).mkdir()
    monkeypatch.setattr(catalogue, "_ROOT", tmp_path)
    catalogue.load.cache_clear()
    yield tmp_path
    catalogue.load.cache_clear()


def write(root: Path, folder: str, name: str, text: str) -> Path:
    path = root / folder / f"{name}.cypher"
    path.write_text(text, encoding="utf-8")
    return path


def test_engine_file_overrides_shared(root: Path) -> None:
    write(root, "shared", "labels_of", "MATCH (n) RETURN label(n)")
    own = write(root, "neo4j", "labels_of", "MATCH (n) RETURN labels(n)")
    q = load("labels_of", "neo4j")
    assert (q.text, q.path, q.engine, q.name) == ("MATCH (n) RETURN labels(n)", own, "neo4j", "labels_of")
    assert load("labels_of", "ladybug").text == "MATCH (n) RETURN label(n)"


def test_shared_file_serves_every_engine(root: Path) -> None:
    shared = write(root, "shared", "count_records", "MATCH (s:SourceRecord) RETURN count(s) AS n")
    for engine in ENGINES:
        q = load("count_records", engine)
        assert (q.path, q.engine) == (shared, engine)


def test_unknown_engine_is_value_error(root: Path) -> None:
    write(root, "shared", "q", "RETURN 1")
    with pytest.raises(ValueError, match="memgraph"):
        load("q", "memgraph")
    with pytest.raises(ValueError, match="ladybug"):
        engine_queries("memgraph")


def test_missing_query_is_key_error_naming_the_folders(root: Path) -> None:
    write(root, "ladybug", "only_on_ladybug", "RETURN 1")
    with pytest.raises(KeyError) as info:
        load("only_on_ladybug", "neo4j")
    message = str(info.value)
    assert "only_on_ladybug" in message
    assert "shared/" in message and "neo4j/" in message
    assert str(root) in message


def test_parameters_in_first_use_order_without_repeats(root: Path) -> None:
    write(
        root,
        "shared",
        "q",
        "UNWIND $rows AS r\nMATCH (s:SourceRecord {rid: r.rid})\n"
        "WHERE s.source IN $sources AND s.batch = $batch_1 AND size($rows) > 0\nRETURN s",
    )
    assert load("q", "ladybug").parameters == ("rows", "sources", "batch_1")


def test_no_parameters(root: Path) -> None:
    write(root, "shared", "q", "MATCH (b:Batch) RETURN count(b)")
    assert load("q", "neo4j").parameters == ()


def test_comment_lines_dropped(root: Path) -> None:
    write(
        root,
        "shared",
        "q",
        "// Records of one batch.\n// $ignored is not a parameter\nMATCH (s:SourceRecord)\n"
        "    // indented comment\nWHERE s.batch_id = $batch_id\nRETURN s\n\n",
    )
    q = load("q", "neo4j")
    assert q.text == "MATCH (s:SourceRecord)\nWHERE s.batch_id = $batch_id\nRETURN s"
    assert q.parameters == ("batch_id",)
    assert "//" not in q.text


def test_statements_split_on_semicolons_at_line_end(root: Path) -> None:
    write(
        root,
        "neo4j",
        "create_schema",
        "// schema\n"
        "CREATE CONSTRAINT a IF NOT EXISTS FOR (b:Batch) REQUIRE b.batch_id IS UNIQUE;\n"
        "\n"
        "CREATE INDEX b IF NOT EXISTS\n  FOR (s:SourceRecord) ON (s.source);   \n"
        "CREATE INDEX c IF NOT EXISTS FOR (q:Quarantine) ON (q.batch_id);",
    )
    assert load("create_schema", "neo4j").statements() == [
        "CREATE CONSTRAINT a IF NOT EXISTS FOR (b:Batch) REQUIRE b.batch_id IS UNIQUE",
        "CREATE INDEX b IF NOT EXISTS\n  FOR (s:SourceRecord) ON (s.source)",
        "CREATE INDEX c IF NOT EXISTS FOR (q:Quarantine) ON (q.batch_id)",
    ]


def test_single_statement_and_inline_semicolon(root: Path) -> None:
    write(root, "shared", "one", "MATCH (k:Key) WHERE k.k = 'a;b'\nRETURN k")
    assert load("one", "ladybug").statements() == ["MATCH (k:Key) WHERE k.k = 'a;b'\nRETURN k"]
    write(root, "shared", "trailing", "RETURN 1;\n")
    assert load("trailing", "ladybug").statements() == ["RETURN 1"]


def test_engine_queries_merges_shared_and_own(root: Path) -> None:
    write(root, "shared", "b_shared", "RETURN 1")
    write(root, "shared", "a_both", "RETURN 'shared'")
    write(root, "neo4j", "a_both", "RETURN 'neo4j'")
    write(root, "neo4j", "c_neo4j_only", "RETURN 3")
    write(root, "ladybug", "d_ladybug_only", "RETURN 4")
    neo4j = engine_queries("neo4j")
    assert [q.name for q in neo4j] == ["a_both", "b_shared", "c_neo4j_only"]
    assert neo4j[0].text == "RETURN 'neo4j'"
    assert all(q.engine == "neo4j" for q in neo4j)
    assert [q.name for q in engine_queries("ladybug")] == ["a_both", "b_shared", "d_ladybug_only"]
    assert engine_queries("ladybug")[0].text == "RETURN 'shared'"


def test_empty_tree_has_no_queries(root: Path) -> None:
    assert engine_queries("neo4j") == []


def test_utf8_text(root: Path) -> None:
    write(root, "shared", "q", "MATCH (p:Person) WHERE p.name = '张三' RETURN p")
    assert "张三" in load("q", "neo4j").text


# --- the real folders --------------------------------------------------------------------------

REAL_ROOT = Path(catalogue.__file__).parent


@pytest.mark.parametrize("engine", ENGINES)
def test_real_queries_load(engine: str) -> None:
    queries = engine_queries(engine)
    assert len({q.name for q in queries}) == len(queries)
    for q in queries:
        assert isinstance(q, Query) and q.engine == engine
        assert q.text, f"{q.path} holds no Cypher"
        assert q.statements(), f"{q.path} holds no statement"
        assert q.path.parent.name in (engine, "shared")


def test_real_cypher_files_live_in_known_folders() -> None:
    allowed = {"shared", "analyst", *ENGINES}
    stray = [
        str(p.relative_to(REAL_ROOT))
        for p in REAL_ROOT.rglob("*.cypher")
        if p.parent.parent != REAL_ROOT or p.parent.name not in allowed
    ]
    assert not stray, f"the catalogue never reads these: {stray} (use shared/ or one of {ENGINES})"

"""Analysts' queries: named ones kept in queries/analyst/, and their own read-only Cypher.

A caller's Cypher runs only if it cannot write. Two guards: a keyword check here (after string
literals and comments are removed, no clause that writes, loads, calls procedures or changes the
schema, and one statement only), and the engine's read-only transaction (LadybugDB ``BEGIN
TRANSACTION READ ONLY``, Neo4j a read transaction), which refuses any write the check missed.
Rows are capped and the query is interrupted after a timeout. Results are masked like any other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from api.errors import BadInput, NotFound, QueryRefused, QueryTimeout
from api.masking import mask
from graph import GraphStore, StoreError
from queries import analyst_queries

MAX_ROWS = 10_000
#: Words that make a query write, load, call out or change the schema (LadybugDB and Neo4j).
WRITE_WORDS = ("CREATE", "MERGE", "SET", "DELETE", "DETACH", "REMOVE", "DROP", "ALTER", "COPY",
               "LOAD", "CALL", "FOREACH", "INSTALL", "ATTACH", "DETACH", "IMPORT", "EXPORT",
               "CHECKPOINT", "BEGIN", "COMMIT", "ROLLBACK", "USE", "GRANT", "REVOKE", "DENY",
               "START", "STOP", "TERMINATE", "SHOW")
_STRINGS = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|`[^`]*`")
_COMMENTS = re.compile(r"//[^\n]*|/\*.*?\*/", re.S)
_WORD = re.compile(r"[A-Za-z_]+")
_TYPES = {"int": int, "str": str, "float": float}


def check_read_only(text: str) -> str:
    """``text`` stripped, if it is a single statement that cannot write.

    Raises:
        QueryRefused: it writes (names the clause), holds several statements, or is empty.
    """
    bare = _COMMENTS.sub(" ", _STRINGS.sub("''", text)).strip().rstrip(";").strip()
    if not bare:
        raise QueryRefused("the query is empty")
    if ";" in bare:
        raise QueryRefused("one statement per request: remove the ';' between statements")
    words = {w.upper() for w in _WORD.findall(bare)}
    found = [w for w in WRITE_WORDS if w in words]
    if found:
        raise QueryRefused(
            f"analyst queries are read-only: {found[0]} is not allowed (refused: "
            f"{', '.join(sorted(set(found)))}). Use MATCH, OPTIONAL MATCH, WITH, UNWIND, WHERE, "
            "RETURN, ORDER BY, SKIP and LIMIT.", refused=sorted(set(found)))
    return text.strip().rstrip(";").strip()


def run_cypher(store: GraphStore, text: str, params: dict[str, Any] | None, limit: int,
               timeout_s: float, cleared: frozenset[str]) -> dict[str, Any]:
    """Run an analyst's read-only Cypher; rows masked for ``cleared``.

    Raises:
        QueryRefused: it could write, or the store rejected it (the store's message is kept).
        QueryTimeout: it ran longer than ``timeout_s``.
    """
    query = check_read_only(text)
    if not 1 <= limit <= MAX_ROWS:
        raise BadInput(f"limit must be 1 to {MAX_ROWS}", field="limit")
    try:
        columns, rows, more = store.read_cypher(query, params or {}, limit, timeout_s)
    except StoreError as exc:
        msg = str(exc)
        if "interrupt" in msg.lower() or "timeout" in msg.lower() or "timed out" in msg.lower():
            raise QueryTimeout(f"the query ran longer than {timeout_s:g} s and was stopped; "
                               "narrow the MATCH or add a LIMIT") from None
        raise QueryRefused(f"the store rejected the query: {msg}") from None
    masked = [[mask(v, cleared, c) for c, v in zip(columns, row)] for row in rows]
    return {"columns": columns, "rows": masked, "row_count": len(masked), "truncated": more,
            "limit": limit}


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    default: Any


@dataclass(frozen=True)
class NamedQuery:
    name: str
    description: str
    text: str
    params: tuple[Param, ...] = field(default=())

    def describe(self) -> dict[str, Any]:
        return {"name": self.name, "description": self.description,
                "params": [{"name": p.name, "type": p.type, "default": p.default}
                           for p in self.params] + [
                    {"name": "limit", "type": "int", "default": 100},
                    {"name": "offset", "type": "int", "default": 0}]}


@cache
def named_queries() -> dict[str, NamedQuery]:
    """The queries in queries/analyst/: first comment line the description, ``// param: NAME
    TYPE DEFAULT`` lines their parameters; ``$skip`` and ``$limit`` page them."""
    out = {}
    for query in analyst_queries():
        lines = query.path.read_text(encoding="utf-8").splitlines()
        comments = [ln.lstrip()[2:].strip() for ln in lines if ln.lstrip().startswith("//")]
        params = []
        for c in comments:
            if c.startswith("param:"):
                name, typ, default = c[len("param:"):].split()
                params.append(Param(name, typ, _TYPES[typ](default)))
        out[query.name] = NamedQuery(query.name, comments[0] if comments else "", query.text,
                                     tuple(params))
    return out


def run_named(store: GraphStore, name: str, args: dict[str, Any], limit: int, offset: int,
              timeout_s: float, cleared: frozenset[str]) -> dict[str, Any]:
    """Run named analyst query ``name`` with ``args`` (defaults fill the rest), one page.

    Raises:
        NotFound: no such query (the message lists them).
        BadInput: an unknown argument or one of the wrong type.
    """
    queries = named_queries()
    q = queries.get(name)
    if q is None:
        raise NotFound(f"no analyst query {name!r}; available: {', '.join(queries)}")
    params: dict[str, Any] = {}
    known = {p.name: p for p in q.params}
    for k in args:
        if k not in known:
            raise BadInput(f"query {name} takes no parameter {k!r}; it takes "
                           f"{', '.join(known) or 'none'} (plus limit, offset)", field=k)
    for p in q.params:
        value = args.get(p.name, p.default)
        try:
            params[p.name] = _TYPES[p.type](value)
        except (TypeError, ValueError):
            raise BadInput(f"{p.name} must be {p.type}, not {value!r}", field=p.name) from None
    params.update(skip=offset, limit=limit)
    result = run_cypher(store, q.text, params, limit, timeout_s, cleared)
    result.update(query=name, offset=offset,
                  next_offset=offset + limit if result["truncated"] or result["row_count"] == limit else None)
    return result

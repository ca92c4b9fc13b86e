"""Load named Cypher queries from the files beside this module."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ENGINES = ("ladybug", "neo4j")
#: Folder of the analysts' named queries: read-only text both engines run, served by the API.
ANALYST = "analyst"
_ROOT = Path(__file__).parent
_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


@dataclass(frozen=True)
class Query:
    """One named query as an engine will send it."""

    name: str
    engine: str
    text: str
    path: Path

    @property
    def parameters(self) -> tuple[str, ...]:
        """Names of the ``$params`` the text uses, in first-use order."""
        return tuple(dict.fromkeys(_PARAM.findall(self.text)))

    def statements(self) -> list[str]:
        """The text split on ``;`` at line ends (schema files hold several statements)."""
        parts = re.split(r";\s*(?:\n|$)", self.text)
        return [p.strip() for p in parts if p.strip()]


def _check_engine(engine: str) -> None:
    if engine not in ENGINES:
        raise ValueError(f"unknown graph engine {engine!r}; expected one of {', '.join(ENGINES)}")


@cache
def load(name: str, engine: str) -> Query:
    """Return query ``name`` for ``engine``: the engine's own file, else the shared one.

    Raises:
        KeyError: if neither ``<engine>/<name>.cypher`` nor ``shared/<name>.cypher`` exists.
    """
    _check_engine(engine)
    for folder in (engine, "shared"):
        path = _ROOT / folder / f"{name}.cypher"
        if path.is_file():
            text = "\n".join(
                line for line in path.read_text(encoding="utf-8").splitlines()
                if not line.lstrip().startswith("//")
            ).strip()
            return Query(name=name, engine=engine, text=text, path=path)
    raise KeyError(f"no query {name!r} for engine {engine!r} under {_ROOT} (shared/ or {engine}/)")


def engine_queries(engine: str) -> list[Query]:
    """Every query ``engine`` can send: its own files plus the shared ones it does not override."""
    _check_engine(engine)
    names = {p.stem for folder in (engine, "shared") for p in (_ROOT / folder).glob("*.cypher")}
    return [load(n, engine) for n in sorted(names)]


@cache
def analyst_queries() -> tuple[Query, ...]:
    """The analysts' named queries in ``analyst/`` (engine ``shared``: both engines run them),
    by file name."""
    out = []
    for path in sorted((_ROOT / ANALYST).glob("*.cypher")):
        text = "\n".join(line for line in path.read_text(encoding="utf-8").splitlines()
                         if not line.lstrip().startswith("//")).strip()
        out.append(Query(name=path.stem, engine="shared", text=text, path=path))
    return tuple(out)

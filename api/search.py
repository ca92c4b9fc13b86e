"""Fuzzy name search over persons and organisations, in memory.

LadybugDB has no full-text index offline, so the service builds its own at startup from the active
entity nodes. Names are standardised exactly as the loader standardised records (NFKC, traditional
→ simplified, minority-name separators dropped, pinyin with surname readings), so 張偉, 张　伟 and
买买提•艾力 find their entities. Candidates come from an inverted index of characters and pinyin
syllables (a homophone typo shares the syllable though not the character), ranked by how many
features they share; the best few hundred are scored with the graded name similarity that linkage
uses (``linkage.compare.name_similarities``: homophone 0.2, shape-alike 0.4, transposition 0.3).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from rapidfuzz import fuzz
from rapidfuzz.process import cdist

from api.errors import BadInput
from graph import GraphStore
from linkage.compare import name_similarities
from linkage.compare.names import strip_separators
from loaders.standardise.company_name import parse_company_name, parse_company_names
from loaders.standardise.person_name import name_pinyin, parse_person_name, parse_person_names
from loaders.standardise.text import normalize_text, to_simplified

if TYPE_CHECKING:
    from api.snapshot import Snapshot

SHORTLIST = 300  # candidates scored exactly per query
MIN_SCORE = 0.5


@dataclass(frozen=True)
class Hit:
    eid: str
    score: float
    row: int


def _postings(features: list[set[str]]) -> dict[str, np.ndarray]:
    index: dict[str, list[int]] = {}
    for row, feats in enumerate(features):
        for f in feats:
            index.setdefault(f, []).append(row)
    return {f: np.asarray(rows, dtype=np.int32) for f, rows in index.items()}


def _shortlist(postings: dict[str, np.ndarray], size: int, feats: set[str],
               keep: np.ndarray | None, need: int) -> np.ndarray:
    """Rows sharing at least ``need`` of ``feats``, most shared first, at most SHORTLIST (a count
    per row over the ``size`` rows: a common surname's posting list is tens of thousands long,
    and counting is linear where sorting it is not)."""
    lists = [postings[f] for f in feats if f in postings]
    if not lists:
        return np.empty(0, dtype=np.int32)
    counts = np.bincount(np.concatenate(lists), minlength=size)
    ok = counts >= need
    if keep is not None:
        ok &= keep
    rows = np.flatnonzero(ok)
    if len(rows) > SHORTLIST:
        top = np.argpartition(-counts[rows], SHORTLIST - 1)[:SHORTLIST]
        rows = rows[top]
    return rows


class Hits(Sequence[Hit]):
    """Ranked hits, held as arrays: a search finds a few hundred, a page shows twenty, so a
    :class:`Hit` is made only for the ones read."""

    def __init__(self, eids: np.ndarray, rows: np.ndarray, scores: np.ndarray):
        self._eids, self._rows, self._scores = eids, rows, scores

    def __len__(self) -> int:
        return len(self._rows)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        r = int(self._rows[i])
        return Hit(self._eids[r], float(self._scores[i]), r)


def _ranked(eids: np.ndarray, rows: np.ndarray, scores: np.ndarray, *tiebreak: np.ndarray
            ) -> Hits:
    """Hits scoring at least MIN_SCORE, best (rounded) score first; ties by the ``tiebreak``
    arrays in turn, then by eid."""
    ok = scores >= MIN_SCORE
    rows = rows[ok]
    rounded = np.array([round(x, 3) for x in scores[ok].tolist()])
    order = np.lexsort([eids[rows].astype(str), *(t[ok] for t in reversed(tiebreak)), -rounded])
    return Hits(eids, rows[order], rounded[order])


def _norm_text(text: str | None) -> str:
    t = normalize_text(text)
    return to_simplified(t) if t else ""


class PersonIndex:
    """Active persons by name (characters and pinyin syllables)."""

    def __init__(self, frame):
        self.eid = frame["eid"].to_numpy(dtype=object)
        self.name = frame["name"].to_numpy(dtype=object)
        self.birth_date = frame["birth_date"].fillna("").to_numpy(dtype=object).astype(str)  # 'U10'
        self.gender = frame["gender"].fillna("").to_numpy(dtype=object).astype(str)
        self.address = frame["address"].fillna("").to_numpy(dtype=object)
        self.id_region = np.array([(i or "")[:6] for i in frame["id_number"]], dtype=object)
        parsed = parse_person_names(frame["name"].tolist())
        self._stripped = np.array([strip_separators(p.key) if p else "" for p in parsed],
                                  dtype=object)
        self._postings = _postings([_person_features(p.key, p.pinyin) if p else set()
                                    for p in parsed])

    def __len__(self) -> int:
        return len(self.eid)

    def search(self, name: str, birth_date: str = "", gender: str = "",
               region: str = "") -> Hits:
        q = parse_person_name(name)
        if q is None:
            raise BadInput("name is empty", field="name")
        feats = _person_features(q.key, q.pinyin)
        keep = None
        if birth_date:  # YYYY, YYYY-MM or YYYY-MM-DD: compare that many leading characters
            keep = self.birth_date.astype(f"U{len(birth_date)}") == birth_date
        if gender:
            g = self.gender == gender
            keep = g if keep is None else keep & g
        need = max(1, (len(feats) + 1) // 3)
        rows = _shortlist(self._postings, len(self), feats, keep, need)
        reg = _norm_text(region)
        if reg and len(rows):
            rows = rows[[reg in (self.address[r] or "") or self.id_region[r].startswith(reg)
                         for r in rows.tolist()]]
        scores = name_similarities(q.key, self._stripped[rows], stripped=True)
        return _ranked(self.eid, rows, scores)

    def describe(self, hit: Hit) -> dict[str, Any]:
        r = hit.row
        return {"eid": hit.eid, "score": hit.score, "name": self.name[r],
                "gender": self.gender[r] or None, "birth_date": self.birth_date[r] or None,
                "address": self.address[r] or None}


def _person_features(key: str, pinyin: str | None) -> set[str]:
    return set(key) | {"#" + s for s in (pinyin or "").split()}


class OrganizationIndex:
    """Active organisations by name: character bigrams of the name and pinyin of its core."""

    def __init__(self, frame):
        self.eid = frame["eid"].to_numpy(dtype=object)
        self.name = frame["name"].to_numpy(dtype=object)
        self.uscc = frame["uscc"].to_numpy(dtype=object)
        self.address = frame["address"].fillna("").to_numpy(dtype=object)
        parsed = parse_company_names(frame["name"].tolist())
        self.key = np.array([p.key if p else "" for p in parsed], dtype=object)
        self.region = np.array([(p.region or "") if p else "" for p in parsed], dtype=object)
        self._core = np.array([strip_separators(p.core or p.key) if p else "" for p in parsed],
                              dtype=object)
        self._trade = np.array([strip_separators(p.trade_name or "") if p else ""
                                for p in parsed], dtype=object)
        self._postings = _postings([_org_features(k) for k in self.key])

    def __len__(self) -> int:
        return len(self.eid)

    def search(self, name: str, region: str = "") -> Hits:
        q = parse_company_name(name)
        qkey = q.key if q else ""
        if not qkey:
            raise BadInput("name is empty", field="name")
        qcore = (q.core or q.trade_name or qkey) if q else qkey
        feats = _org_features(qkey)
        need = max(1, len(feats) // 3)
        rows = _shortlist(self._postings, len(self), feats, None, need)
        reg = _norm_text(region) or (q.region if q and q.region and q.region != qkey else "")
        if reg and len(rows):
            rows = rows[[reg in self.region[r] or reg in (self.address[r] or "")
                         for r in rows.tolist()]]
        if not len(rows):
            return Hits(self.eid, rows, np.empty(0))
        keys = self.key[rows].tolist()
        longer = np.array([len(qkey) <= len(k) for k in keys], dtype=bool)
        partial = cdist([qkey], keys, scorer=fuzz.partial_ratio)[0] / 100
        whole = cdist([qkey], keys, scorer=fuzz.ratio)[0] / 100
        # Cores and trade names in one call: they share many strings, scored once each (an
        # empty trade name scores 0).
        sims = name_similarities(qcore, np.concatenate([self._core[rows], self._trade[rows]]),
                                 stripped=True)
        score = np.maximum.reduce([np.where(longer, partial, 0.0), whole, sims[:len(rows)],
                                   sims[len(rows):]])
        return _ranked(self.eid, rows, score, np.array([len(k) for k in keys], dtype=np.int64))

    def describe(self, hit: Hit) -> dict[str, Any]:
        r = hit.row
        return {"eid": hit.eid, "score": hit.score, "name": self.name[r], "uscc": self.uscc[r],
                "region": self.region[r] or None, "address": self.address[r] or None}


def _org_features(key: str) -> set[str]:
    """Character bigrams of the name plus the pinyin of each character (homophone typos)."""
    feats = {key[i:i + 2] for i in range(len(key) - 1)} or ({key} if key else set())
    pinyin = name_pinyin(key) if key else None
    return feats | {"#" + s for s in (pinyin or "").split()}


class SearchIndex:
    """Both indexes, built once from the active entities of a store or its snapshot (anything
    with ``active_entities(kind)``)."""

    def __init__(self, source: GraphStore | Snapshot):
        self.persons = PersonIndex(source.active_entities("person"))
        self.organizations = OrganizationIndex(source.active_entities("organization"))


def search_persons(index: SearchIndex, name: str, birth_date: str = "", gender: str = "",
                   region: str = "", limit: int = 20, offset: int = 0) -> dict[str, Any]:
    """Persons whose name is like ``name``, best first, with their score in [0, 1].

    Args:
        birth_date: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``: only persons born then.
        gender: ``M`` or ``F``.
        region: a place name (上海, 浦东新区) in the address, or a leading ID-region code.
    """
    hits = index.persons.search(name, birth_date, gender, region)
    return _page([index.persons.describe(h) for h in hits[offset:offset + limit]],
                 len(hits), limit, offset)


def search_organizations(index: SearchIndex, name: str, region: str = "", limit: int = 20,
                         offset: int = 0) -> dict[str, Any]:
    """Organisations whose name or trade name (字号) is like ``name``, best first."""
    hits = index.organizations.search(name, region)
    return _page([index.organizations.describe(h) for h in hits[offset:offset + limit]],
                 len(hits), limit, offset)


def _page(items: list, total: int, limit: int, offset: int) -> dict[str, Any]:
    nxt = offset + limit if offset + limit < total else None
    return {"items": items, "total": total, "limit": limit, "offset": offset, "next_offset": nxt}

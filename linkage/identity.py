"""Stable entity ids across resolution runs.

A run's clustering says which records belong together; this module decides which entity id each
cluster carries, so that ids printed on a case file or sent to another department keep working.

Rules
    * An old entity *claims* the new cluster holding the most of its records (ties: the cluster
      with the smaller key). Only that cluster may carry the old id — an id never names two
      entities.
    * A cluster claimed by one old entity keeps that id (``kept``); new records joining it change
      nothing.
    * A cluster claimed by several old entities (a merge) keeps the id of the one contributing the
      most records (ties: the older id — for letters + a number the smaller number, else the
      smaller string); the others are redirected to it (``merged_into``, and a row in
      ``redirects``).
    * A cluster holding old records but claimed by none (the smaller part of a split) gets a new id
      and a ``split_from`` event naming the entity it came from (each one, if several).
    * A cluster of records never seen before gets a new id (``created``).

New ids are ``<prefix>`` + 10 digits from a counter starting above the largest number already
issued under that prefix — in ``previous`` and in ``issued`` (pass every id ever issued, including
those redirected away in earlier runs, so a retired number is never handed out again). New clusters
are numbered in the order of their cluster keys, so a re-run on the same input gives the same ids.
A caller with its own scheme passes ``new_id``; its ids are checked against every known id.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["IdAssignment", "assign_ids"]

DIGITS = 10


@dataclass
class IdAssignment:
    """Outcome of :func:`assign_ids`.

    Attributes:
        eids: rid -> entity id, one row per rid of the assignment, in its order.
        redirects: ``from_eid``, ``to_eid``, ``reason`` ('merged') — old ids that now resolve to
            another entity.
        events: ``eid``, ``event`` ('created', 'kept', 'merged_into', 'split_from'), ``detail``
            (the other eid involved, or '') — the entity history of this run.
    """

    eids: pd.Series
    redirects: pd.DataFrame
    events: pd.DataFrame


def _age_rank(ids: np.ndarray) -> np.ndarray:
    """Rank of each id, oldest first: ids that are letters + a number by that number (so P9 is
    older than P10), then the rest by text."""
    text = ids.astype(str)
    letters = "".join(set("".join(text.tolist())) - set("0123456789"))
    tails = np.char.lstrip(text, letters) if letters else text
    numeric = np.char.isdigit(tails) & (np.char.str_len(tails) < 19)
    number = np.where(numeric, tails, "0").astype(np.int64)
    order = np.lexsort((text, number, ~numeric))
    rank = np.empty(len(ids), np.int64)
    rank[order] = np.arange(len(ids))
    return rank


def _counter(prefix: str, known: np.ndarray) -> Callable[[], str]:
    top = 0
    if len(known):
        ids = known.astype(str)
        tails = np.char.replace(ids, prefix, "", count=1)
        ok = (np.char.startswith(ids, prefix) & np.char.isdigit(tails)
              & (np.char.str_len(tails) < 19))
        if ok.any():
            top = int(tails[ok].astype(np.int64).max())
    state = {"n": top}

    def new_id() -> str:
        state["n"] += 1
        if state["n"] >= 10 ** DIGITS:
            raise OverflowError(f"entity ids under prefix {prefix!r} ran past {DIGITS} digits")
        return f"{prefix}{state['n']:0{DIGITS}d}"
    return new_id


def assign_ids(assignment: pd.Series, previous: pd.Series | None, *, prefix: str,
               new_id: Callable[[], str] | None = None,
               issued: Iterable[str] = ()) -> IdAssignment:
    """Give each cluster of this run an entity id, keeping last run's ids where the rules allow.

    Args:
        assignment: rid -> cluster key from this run (e.g. ``Clustering.assignment``).
        previous: rid -> entity id from the last run; rids new since then are absent, rids gone
            since then are ignored. None or empty on a first run.
        prefix: prefix of new ids, e.g. ``"P"`` for persons, ``"O"`` for organisations.
        new_id: optional generator of new ids, called once per new entity in cluster-key order.
        issued: every id ever issued under this kind, including ids redirected away earlier;
            new ids are never taken from it or from ``previous``.

    Returns:
        An :class:`IdAssignment`.

    Raises:
        ValueError: ``new_id`` produced an id that is already known or that it produced before.
    """
    rids = assignment.index.astype(str)
    if previous is None:
        previous = pd.Series(dtype=object)
    previous = previous.dropna().astype(str)
    previous.index = previous.index.astype(str)
    known_ids = pd.unique(np.concatenate([previous.to_numpy(dtype=object),
                                          np.asarray(list(map(str, issued)), dtype=object)]))
    make = new_id or _counter(prefix, known_ids)

    # Integer codes: clusters in key order, old ids in any order.
    cl, cl_keys = pd.factorize(assignment.astype(str).to_numpy(), sort=True)
    old = previous.reindex(rids).to_numpy(dtype=object)
    seen = pd.notna(old)
    old_code, old_ids = pd.factorize(old[seen])
    old_ids = np.asarray(old_ids, dtype=object)
    n_old = max(len(old_ids), 1)
    pair, n = np.unique(cl[seen].astype(np.int64) * n_old + old_code, return_counts=True)
    o_cl, o_old = pair // n_old, pair % n_old

    # Each old entity claims the cluster holding most of its records (ties: smaller cluster key).
    idx = np.lexsort((o_cl, -n, o_old))
    claim = np.zeros(len(pair), bool)
    claim[idx[np.r_[True, o_old[idx][1:] != o_old[idx][:-1]]] if len(idx) else idx] = True
    c_cl, c_old, c_n = o_cl[claim], o_old[claim], n[claim]
    # Within a cluster the claimant with most records wins (ties: the older id). Only contested
    # clusters need the id order, which is text parsing: compute it for those alone.
    claimants = np.bincount(c_cl, minlength=len(cl_keys))
    contested = claimants[c_cl] > 1
    rank = np.zeros(len(c_cl), np.int64)
    if contested.any():
        rank[contested] = _age_rank(old_ids[c_old[contested]])
    idx = np.lexsort((rank, -c_n, c_cl))
    first = np.r_[True, c_cl[idx][1:] != c_cl[idx][:-1]] if len(idx) else np.zeros(0, bool)
    win, lose = idx[first], idx[~first]
    cluster_eid = np.full(len(cl_keys), None, dtype=object)
    cluster_eid[c_cl[win]] = old_ids[c_old[win]]

    fresh = np.flatnonzero(pd.isna(cluster_eid))
    produced = np.asarray([make() for _ in range(len(fresh))], dtype=object)
    clash = set(produced.tolist()) & set(known_ids.tolist())
    if clash or len(set(produced.tolist())) < len(produced):
        raise ValueError(f"new ids {sorted(clash)[:3] or 'repeated'} are already in use: a "
                         "new_id generator must never return an id issued before (pass issued= "
                         "to the default counter)")
    cluster_eid[fresh] = produced
    had_old = np.zeros(len(cl_keys), bool)
    had_old[o_cl] = True
    created = fresh[~had_old[fresh]]
    m_cl, m_old = o_cl[~claim], o_old[~claim]
    m_idx = np.lexsort((old_ids[m_old].astype(str), m_cl)) if len(m_cl) else m_cl

    losers = old_ids[c_old[lose]]
    to_eid = cluster_eid[c_cl[lose]]
    redirects = pd.DataFrame({"from_eid": losers, "to_eid": to_eid, "reason": "merged"},
                             columns=["from_eid", "to_eid", "reason"])
    events = pd.concat([
        pd.DataFrame({"eid": old_ids[c_old[win]], "event": "kept", "detail": ""}),
        pd.DataFrame({"eid": losers, "event": "merged_into", "detail": to_eid}),
        pd.DataFrame({"eid": cluster_eid[created], "event": "created", "detail": ""}),
        pd.DataFrame({"eid": cluster_eid[m_cl[m_idx]], "event": "split_from",
                      "detail": old_ids[m_old[m_idx]]}),
    ], ignore_index=True)[["eid", "event", "detail"]]
    eids = pd.Series(cluster_eid[cl], index=pd.Index(rids, name="rid"), name="eid")
    return IdAssignment(eids=eids, redirects=redirects, events=events)

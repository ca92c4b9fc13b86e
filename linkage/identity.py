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
      most records (ties: the older id — the smaller number, then the smaller string); the others
      are redirected to it (``merged_into``, and a row in ``redirects``).
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

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

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


def _id_order(eid: str) -> tuple:
    """Older first: by the number inside the id when there is one, then by text."""
    m = re.search(r"(\d+)$", eid)
    return (0, int(m.group(1)), eid) if m else (1, 0, eid)


def _counter(prefix: str, known: Iterable[str]) -> Callable[[], str]:
    pattern = re.compile(rf"^{re.escape(prefix)}(\d+)$")
    top = 0
    for eid in known:
        m = pattern.match(eid)
        if m:
            top = max(top, int(m.group(1)))
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
    assignment = assignment.astype(str)
    rids = assignment.index.astype(str)
    if previous is None:
        previous = pd.Series(dtype=object)
    previous = previous.dropna().astype(str)
    previous.index = previous.index.astype(str)
    known = set(previous.unique()) | set(map(str, issued))
    make = new_id or _counter(prefix, known)

    frame = pd.DataFrame({"cluster": assignment.to_numpy()}, index=rids)
    frame["old"] = previous.reindex(rids).to_numpy()
    overlap = (frame.dropna(subset=["old"]).groupby(["cluster", "old"]).size()
               .rename("n").reset_index())
    # Each old entity claims the cluster holding most of its records (ties: smaller cluster key).
    overlap = overlap.sort_values(["old", "n", "cluster"], ascending=[True, False, True])
    claims = overlap.drop_duplicates("old", keep="first")
    minor = overlap[~overlap.index.isin(claims.index)]

    # Within a cluster the claimant with most records wins (ties: the older id).
    number = claims["old"].str.extract(r"(\d+)$")[0]
    claims = claims.assign(has_num=number.isna(), num=pd.to_numeric(number, errors="coerce").astype(float).fillna(0))
    claims = claims.sort_values(["cluster", "n", "has_num", "num", "old"],
                                ascending=[True, False, True, True, True])
    first = ~claims["cluster"].duplicated()
    winners = claims[first]
    losers = claims[~first]
    cluster_eid = pd.Series(winners["old"].to_numpy(), index=winners["cluster"].to_numpy())
    to_eid = cluster_eid.reindex(losers["cluster"]).to_numpy()

    clusters = pd.Index(frame["cluster"].unique()).sort_values()
    fresh = clusters.difference(cluster_eid.index)
    produced = [make() for _ in range(len(fresh))]
    clash = set(produced) & known
    if clash or len(set(produced)) < len(produced):
        raise ValueError(f"new ids {sorted(clash)[:3] or 'repeated'} are already in use: a "
                         "new_id generator "
                         "must never return an id issued before (pass issued= to the default "
                         "counter)")
    fresh_eid = pd.Series(produced, index=fresh, dtype=object)
    cluster_eid = pd.concat([cluster_eid, fresh_eid])
    created = fresh.difference(pd.Index(overlap["cluster"].unique()))
    minor = minor.sort_values(["cluster", "old"])

    redirects = pd.DataFrame({"from_eid": losers["old"].to_numpy(), "to_eid": to_eid,
                              "reason": "merged"})
    events = pd.concat([
        pd.DataFrame({"eid": winners["old"].to_numpy(), "event": "kept", "detail": ""}),
        pd.DataFrame({"eid": losers["old"].to_numpy(), "event": "merged_into",
                      "detail": to_eid}),
        pd.DataFrame({"eid": fresh_eid.reindex(created).to_numpy(), "event": "created",
                      "detail": ""}),
        pd.DataFrame({"eid": cluster_eid.reindex(minor["cluster"]).to_numpy(),
                      "event": "split_from", "detail": minor["old"].to_numpy()}),
    ], ignore_index=True)

    eids = frame["cluster"].map(cluster_eid).rename("eid")
    eids.index.name = "rid"
    return IdAssignment(eids=eids, redirects=redirects, events=events)

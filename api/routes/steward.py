from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query
from pydantic import BaseModel, Field

from api import stewardship
from api.deps import Caller, caller
from api.schemas import ERRORS, NOT_FOUND

router = APIRouter(prefix="/steward", tags=["steward"], responses={**ERRORS, **NOT_FOUND})

StewardCaller = Annotated[Caller, Depends(caller("steward"))]
Kind = Literal["person", "organization", "place"]
Rid = Annotated[str, Query(max_length=200, description="source:key")]


class DecisionIn(BaseModel):
    action: Literal["match", "no_match", "merge", "split"]
    rids: list[str] = Field(default_factory=list, max_length=10_000,
                            description="match/no_match: two records; split: the records to "
                                        "take out")
    entities: list[str] = Field(default_factory=list, max_length=2,
                                description="merge: two entity ids; split: the one to split")
    reason: str = Field("", max_length=2000)


@router.get("/queue", response_model=dict[str, Any],
            summary="review queue: undecided review-band pairs and entities with conflicts, "
                    "most consequential first")
def queue(caller: StewardCaller, kind: Kind | None = None,
          source: Annotated[str | None, Query(max_length=100)] = None,
          limit: Annotated[int, Query(ge=1, le=500)] = 50,
          offset: Annotated[int, Query(ge=0)] = 0, conflicts: bool = True):
    return caller.audited(
        lambda: stewardship.review_queue(caller.store, kind, source, limit, offset, conflicts,
                                         caller.service.memo),
        entities=lambda q: [e for it in q["items"] for e in
                            ([it["eid"]] if it["type"] == "conflict" else [it["l_eid"], it["r_eid"]])
                            if e],
        detail=f"kind={kind or ''} source={source or ''}")


@router.get("/pairs", response_model=dict[str, Any],
            summary="one pair: both records, their entities, the evidence and each decision's "
                    "effect")
def pair(l: Rid, r: Rid, caller: StewardCaller):
    return caller.audited(lambda: caller.mask(stewardship.review_item(caller.store, l, r)),
                          entities=lambda it: [e for e in (it["left"]["eid"], it["right"]["eid"])
                                               if e],
                          detail=f"l={l} r={r}")


@router.post("/decisions", response_model=dict[str, Any], status_code=201,
             summary="record a decision (match, no_match, merge, split); the next resolve "
                     "honours it")
def decide(body: DecisionIn, caller: StewardCaller):
    return caller.audited(
        lambda: stewardship.decide(caller.store, body.action, rids=body.rids,
                                   entities=body.entities, by=caller.user.name,
                                   reason=body.reason),
        entities=lambda d: d["eids"], detail=f"decide {body.action}")


@router.get("/decisions", response_model=list[dict[str, Any]],
            summary="decisions, oldest first: who decided what, and when")
def decisions(caller: StewardCaller, kind: Kind | None = None,
              status: Literal["active", "undone"] | None = None, rid: Rid = ""):
    return caller.audited(
        lambda: stewardship.decisions(caller.store, kind or "", status or "", rid),
        detail=f"rid={rid}" if rid else "")


@router.post("/decisions/{did}/undo", response_model=dict[str, Any],
             summary="undo a decision; the next resolve ignores it")
def undo(did: Annotated[str, Path(max_length=40)], caller: StewardCaller):
    return caller.audited(lambda: stewardship.undo(caller.store, did, caller.user.name),
                          entities=lambda d: d["eids"], detail=f"undo {did}")


@router.get("/conflicts", response_model=dict[str, Any],
            summary="conflicts between sources in the current resolution")
def conflicts(caller: StewardCaller, kind: Kind | None = None,
              type: Annotated[str | None, Query(max_length=40)] = None,
              source: Annotated[str | None, Query(max_length=100)] = None,
              limit: Annotated[int, Query(ge=1, le=1000)] = 100,
              offset: Annotated[int, Query(ge=0)] = 0):
    return caller.audited(
        lambda: caller.mask(stewardship.conflicts(caller.store, kind, type, source, limit,
                                                  offset, caller.service.memo)),
        entities=lambda c: [it["eid"] for it in c["items"]])


@router.get("/quality", response_model=dict[str, Any],
            summary="per-source quality report: invalid identifiers, missing fields, "
                    "duplicates, lost values, conflicts")
def quality(caller: StewardCaller, source: Annotated[str | None, Query(max_length=100)] = None,
            examples: Annotated[int, Query(ge=0, le=20)] = 3):
    return caller.audited(lambda: caller.mask(stewardship.quality(caller.store, source, examples,
                                                                  caller.service.memo)),
                          detail=f"source={source or ''}")

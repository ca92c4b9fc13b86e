from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query

from api import relationships
from api.deps import RelationshipsCaller
from api.schemas import ERRORS, NOT_FOUND, REDIRECT

router = APIRouter(prefix="/relationships", tags=["relationships"],
                   responses={**ERRORS, **NOT_FOUND, **REDIRECT})

Eid = Annotated[str, Path(max_length=32)]
RelType = Literal["LEGAL_REP_OF", "EMPLOYED_BY", "LIVES_AT", "REGISTERED_AT", "BRANCH_OF"]


@router.get("/{eid}/neighbours", response_model=dict[str, Any],
            summary="entities within `depth` relations, filtered by relation type")
def neighbours(eid: Eid, caller: RelationshipsCaller,
               depth: Annotated[int, Query(ge=1, le=relationships.MAX_DEPTH)] = 1,
               types: Annotated[list[RelType] | None, Query()] = None,
               limit: Annotated[int, Query(ge=1, le=1000)] = 200):
    return caller.audited(
        lambda: relationships.neighbours(caller.store, eid, depth, types, limit, caller.cleared),
        entities=lambda r: [n["eid"] for n in r["nodes"]])


@router.get("/{eid}/connection/{other}", response_model=dict[str, Any],
            summary="the shortest chain of relations between two entities (≤ 6)")
def connection(eid: Eid, other: Eid, caller: RelationshipsCaller):
    return caller.audited(lambda: relationships.connection(caller.store, eid, other, caller.cleared),
                          entities=lambda r: [n["eid"] for n in r["nodes"]])


@router.get("/{eid}/sharing", response_model=dict[str, Any],
            summary="other entities holding an identifier (phone, address …) this one holds")
def sharing(eid: Eid, caller: RelationshipsCaller,
            types: Annotated[list[Literal["phone", "address", "id_number", "uscc", "org_code",
                                          "reg_no"]] | None, Query()] = None,
            limit: Annotated[int, Query(ge=1, le=500)] = 100,
            offset: Annotated[int, Query(ge=0)] = 0):
    return caller.audited(
        lambda: relationships.sharing(caller.store, eid, types, limit, offset, caller.cleared),
        entities=lambda r: [eid] + [i["eid"] for i in r["items"]])

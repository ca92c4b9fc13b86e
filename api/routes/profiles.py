from typing import Annotated, Literal

from fastapi import APIRouter, Path

from api import profiles
from api.deps import ProfileCaller
from api.schemas import ERRORS, NOT_FOUND, REDIRECT, ErrorBody, Profile

router = APIRouter(prefix="/profiles", tags=["profiles"], responses=ERRORS)

Eid = Annotated[str, Path(description="entity id: P… person, O… organisation, A… place",
                          examples=["P0000000001"], max_length=32)]


@router.get("/{eid}", response_model=Profile, responses={**NOT_FOUND, **REDIRECT},
            summary="an entity's file: golden record with lineage, records, relations, history")
async def get_profile(eid: Eid, caller: ProfileCaller) -> Profile:
    # async: served from the in-memory snapshot, no I/O to wait for, so no thread-pool hop
    return caller.audited(
        lambda: profiles.profile(caller.service.snapshot, eid, caller.cleared),
        entities=lambda p: [p["eid"]])


@router.get("/by/{id_type}/{value}", response_model=Profile,
            responses={**NOT_FOUND, 300: {"model": ErrorBody,
                                          "description": "several entities hold it"}},
            summary="the profile of whoever holds an ID number, credit code, reg. no or phone")
def lookup_profile(id_type: Literal["id_number", "uscc", "reg_no", "org_code", "phone"],
                   value: Annotated[str, Path(max_length=64)], caller: ProfileCaller) -> Profile:
    def run():
        eid = profiles.lookup(caller.store, id_type, value, caller.cleared)
        found = profiles.profile(caller.service.snapshot, eid, caller.cleared)
        return found | {"matched_by": {"type": id_type}}
    return caller.audited(run, entities=lambda p: [p["eid"]], detail=f"lookup by {id_type}")

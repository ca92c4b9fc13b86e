from typing import Annotated, Any

from fastapi import APIRouter, Path

from api import lineage
from api.deps import LineageCaller
from api.schemas import ERRORS, NOT_FOUND, REDIRECT

router = APIRouter(prefix="/lineage", tags=["lineage"], responses={**ERRORS, **NOT_FOUND})


@router.get("/entities/{eid}/fields/{field}", response_model=dict[str, Any], responses=REDIRECT,
            summary="血缘 of a golden value: record, batch, file, load and the rule that chose it")
def value_lineage(eid: Annotated[str, Path(max_length=32)],
                  field: Annotated[str, Path(max_length=40)], caller: LineageCaller):
    return caller.audited(lambda: lineage.value_lineage(caller.store, eid, field, caller.cleared),
                          entities=lambda _: [eid], detail=f"field={field}")


@router.get("/records/{rid}", response_model=dict[str, Any],
            summary="a source record's versions, batch, entity and the pair evidence behind it")
def record_lineage(rid: Annotated[str, Path(max_length=200, description="source:key")],
                   caller: LineageCaller):
    return caller.audited(
        lambda: lineage.record_lineage(caller.store, caller.service.models, rid, caller.cleared),
        entities=lambda r: [r["entity"]["eid"]] if r.get("entity") else [], detail=f"rid={rid}")

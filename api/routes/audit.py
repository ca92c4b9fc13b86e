from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import AuditCaller
from api.schemas import ERRORS, Page

router = APIRouter(prefix="/audit", tags=["audit"], responses=ERRORS)


@router.get("", response_model=Page, summary="the audit trail, newest first (admins)",
            description="`total` counts the entries up to this page; `next_offset` is set when "
                        "there are more (the trail is only ever appended to, so it is not "
                        "counted in full for every page)")
def audit_trail(caller: AuditCaller, user: str = "", action: str = "",
                eid: Annotated[str, Query(description="entries touching this entity")] = "",
                since: Annotated[str, Query(description="ISO time, e.g. 2026-01-01T00:00")] = "",
                limit: Annotated[int, Query(ge=1, le=1000)] = 100,
                offset: Annotated[int, Query(ge=0)] = 0) -> Page:
    items = caller.service.audit.query(user=user, action=action, eid=eid, since=since,
                                       limit=limit + 1, offset=offset)
    caller.audited(lambda: None, detail=f"user={user} action={action} eid={eid} since={since}")
    more = len(items) > limit
    return Page(items=items[:limit], total=offset + len(items), limit=limit, offset=offset,
                next_offset=offset + limit if more else None)

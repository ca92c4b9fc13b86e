from typing import Annotated, Literal

from fastapi import APIRouter, Query

from api import search
from api.deps import SearchCaller
from api.schemas import ERRORS, Page

router = APIRouter(prefix="/search", tags=["search"], responses=ERRORS)
# Routes are async: the indexes are in memory, so a search has no I/O to wait for in a thread.

Name = Annotated[str, Query(min_length=1, max_length=100, description="name as written: 張偉, "
                            "买买提•艾力, full-width and homophone typos are tolerated")]
Limit = Annotated[int, Query(ge=1, le=100)]
Offset = Annotated[int, Query(ge=0, le=10_000)]
Region = Annotated[str, Query(max_length=50, description="上海, 浦东新区 … or an ID region code")]


@router.get("/persons", response_model=Page, summary="persons by fuzzy name, ranked with a score")
async def search_persons(caller: SearchCaller, name: Name,
                   birth_date: Annotated[str, Query(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$",
                                                    description="YYYY, YYYY-MM or YYYY-MM-DD")] = "",
                   gender: Literal["", "M", "F"] = "", region: Region = "",
                   limit: Limit = 20, offset: Offset = 0) -> Page:
    return caller.audited(
        lambda: caller.mask(search.search_persons(caller.service.search, name, birth_date, gender,
                                                  region, limit, offset)),
        entities=lambda p: [i["eid"] for i in p["items"]], detail=f"name={name}")


@router.get("/organizations", response_model=Page,
            summary="organisations by fuzzy name or trade name (字号), ranked with a score")
async def search_organizations(caller: SearchCaller, name: Name, region: Region = "",
                         limit: Limit = 20, offset: Offset = 0) -> Page:
    return caller.audited(
        lambda: caller.mask(search.search_organizations(caller.service.search, name, region,
                                                        limit, offset)),
        entities=lambda p: [i["eid"] for i in p["items"]], detail=f"name={name}")

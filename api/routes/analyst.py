from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from pydantic import BaseModel, Field

from api import analyst
from api.deps import AnalystCaller
from api.schemas import ERRORS, NOT_FOUND, ErrorBody

router = APIRouter(prefix="/analyst", tags=["analyst"], responses=ERRORS)


class CypherRequest(BaseModel):
    query: str = Field(min_length=1, max_length=20_000, examples=[
        "MATCH (p:Person)-[:LIVES_AT]->(a:Place) RETURN a.eid, count(p) AS n ORDER BY n DESC LIMIT 10"])
    params: dict[str, Any] = Field(default_factory=dict)
    limit: int = Field(default=1000, ge=1, le=analyst.MAX_ROWS, description="rows returned at most")


@router.get("/queries", response_model=list[dict[str, Any]], summary="the named analyst queries")
def list_queries(caller: AnalystCaller):
    return [q.describe() for q in analyst.named_queries().values()]


@router.get("/queries/{name}", response_model=dict[str, Any], responses=NOT_FOUND,
            summary="run a named analyst query; its parameters go in the query string")
def run_query(name: Annotated[str, Path(max_length=80)], request: Request, caller: AnalystCaller,
              limit: Annotated[int, Query(ge=1, le=analyst.MAX_ROWS)] = 100,
              offset: Annotated[int, Query(ge=0)] = 0):
    args = {k: v for k, v in request.query_params.items() if k not in ("limit", "offset")}
    return caller.audited(
        lambda: analyst.run_named(caller.store, name, args, limit, offset,
                                  caller.service.query_timeout_s, caller.cleared),
        entities=_eids, detail=f"query={name} args={args}")


@router.post("/cypher", response_model=dict[str, Any],
             responses={400: {"model": ErrorBody, "description": "the query could write, or "
                              "the store rejected it"},
                        504: {"model": ErrorBody, "description": "it ran past the timeout"}},
             summary="run read-only Cypher (writes refused; row limit; timeout)")
def run_cypher(body: CypherRequest, caller: AnalystCaller):
    return caller.audited(
        lambda: analyst.run_cypher(caller.store, body.query, body.params, body.limit,
                                   caller.service.query_timeout_s, caller.cleared),
        entities=_eids, detail=body.query)


def _eids(result: dict[str, Any]) -> list[str]:
    """Entity ids in the result's ``eid``-like columns (for the audit trail)."""
    cols = [i for i, c in enumerate(result["columns"]) if c.split(".")[-1] in ("eid", "place")]
    return [str(row[i]) for row in result["rows"] for i in cols][:100]

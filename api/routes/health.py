from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api.deps import ServiceDep
from api.schemas import Health

router = APIRouter(tags=["health"])


@router.get("/health", response_model=Health, summary="the process is up (no token needed)")
def health() -> Health:
    return Health(status="ok")


@router.get("/ready", response_model=Health, responses={503: {"model": Health}},
            summary="the store answers and the search index is built (no token needed)")
def ready(service: ServiceDep):
    try:
        service.store.run_ids()
    except Exception:
        return JSONResponse(status_code=503, content={"status": "store not answering"})
    if not service.ready:
        return JSONResponse(status_code=503, content={"status": "starting"})
    return Health(status="ready", engine=service.store.engine,
                  persons_indexed=len(service.search.persons),
                  organizations_indexed=len(service.search.organizations))

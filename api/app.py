"""The HTTP service: ``create_app(settings)`` builds it; ``yidang serve`` runs it."""

from __future__ import annotations

import logging
import uuid
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.errors import ApiError
from api.routes import ROUTERS
from api.service import Service
from api.settings import Settings
from graph import GraphStore

log = logging.getLogger("yidang.api")

DESCRIPTION = """Unified profiles (一人一档 / 一企一档), lineage (血缘), relationships and read-only
analyst queries over Yidang's resolved graph.

Every request but `/health` and `/ready` carries `Authorization: Bearer <token>`; tokens come from
`yidang users add NAME --role ROLE` (roles: case_worker, steward, analyst, admin). ID numbers,
phones, exact addresses and birth dates are masked unless the role is cleared for them, and every
read is written to the audit trail (`GET /audit`, admins)."""


def create_app(settings: Settings, store: GraphStore | None = None) -> FastAPI:
    """The FastAPI app over the store ``settings`` names (opened in the lifespan), or over
    ``store`` if given (the caller keeps owning it)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        own = store is None
        s = settings.open_store() if own else store
        try:
            app.state.service = Service.open(s, settings.query_timeout_s,
                                             settings.audit_interval_s,
                                             settings.refresh_interval_s)
            yield
        finally:
            service = getattr(app.state, "service", None)
            if service is not None:
                service.close()
            if own:
                s.close()

    app = FastAPI(title="Yidang", version="0.1", description=DESCRIPTION, lifespan=lifespan)
    for router in ROUTERS:
        app.include_router(router)

    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse(status_code=exc.status, headers=exc.headers,
                            content={"detail": exc.message, **exc.extra})

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = []
        for e in exc.errors():
            loc = [str(p) for p in e.get("loc", ())]
            where = loc[0] if loc else "request"
            field = ".".join(loc[1:]) or where
            errors.append({"field": field, "location": where, "message": e.get("msg", "invalid")})
        first = errors[0] if errors else {"field": "request", "location": "", "message": "invalid"}
        return JSONResponse(status_code=422, content={
            "detail": f"{first['location']} field '{first['field']}': {first['message']}",
            "errors": errors})

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = exc.detail
        if exc.status_code == 404 and detail == "Not Found":
            detail = (f"no route {request.url.path}; the API is described at /docs "
                      "(profiles, search, lineage, relationships, analyst, audit)")
        return JSONResponse(status_code=exc.status_code, content={"detail": detail},
                            headers=getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception) -> JSONResponse:
        ref = uuid.uuid4().hex[:12]
        log.exception("request %s %s failed (ref %s)", request.method, request.url.path, ref)
        return JSONResponse(status_code=500, content={
            "detail": f"internal error (ref {ref}); it has been logged — tell the operators "
                      "this reference"})

    return app

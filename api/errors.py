"""The service's domain errors: one root, each class carrying its HTTP status (mapped in
:func:`api.app.create_app`). Messages say what to do next."""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    """Root of the errors a request can end in; ``status`` is the HTTP code."""

    status = 400

    def __init__(self, message: str, **extra: Any):
        super().__init__(message)
        self.message = message
        self.extra = extra

    @property
    def headers(self) -> dict[str, str]:
        """Response headers the error calls for (none but a redirect's Location)."""
        return {}


class NotFound(ApiError):
    status = 404


class BadInput(ApiError):
    status = 422


class Unauthorized(ApiError):
    status = 401


class Forbidden(ApiError):
    status = 403


class QueryRefused(ApiError):
    """An analyst query that could write, or that the store rejected."""

    status = 400


class QueryTimeout(ApiError):
    status = 504


class Ambiguous(ApiError):
    """An identifier held by more than one entity: the candidates are in ``extra``."""

    status = 300


class Redirected(ApiError):
    """The id was merged into another entity; ``extra`` says where (answered as 307)."""

    status = 307

    def __init__(self, eid: str, to: str, reason: str | None, at: str | None, path: str = ""):
        super().__init__(f"entity {eid} was merged into {to}; ask for {to}",
                         eid=eid, redirect_to=to, reason=reason, redirected_at=at)
        self.path = path

    @property
    def headers(self) -> dict[str, str]:
        return {"Location": self.path} if self.path else {}

"""Request dependencies as ``Annotated`` aliases: the service, and the caller with their role
checked, their clearance for masking, and a way to add to the audit trail."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Annotated, TypeVar

from fastapi import Depends, Header, Request
from starlette.concurrency import run_in_threadpool

from api.auth import User, authorize, token_digest
from api.errors import ApiError, Forbidden
from api.masking import clearance, mask
from api.service import Service

T = TypeVar("T")


async def get_service(request: Request) -> Service:
    return request.app.state.service


ServiceDep = Annotated[Service, Depends(get_service)]


@dataclass
class Caller:
    user: User
    cleared: frozenset[str]
    action: str
    request: Request
    service: Service

    @property
    def store(self):
        return self.service.store

    def mask(self, value):
        """``value`` masked for this caller's role."""
        return mask(value, self.cleared)

    def audited(self, run: Callable[[], T], entities: Callable[[T], Iterable[str]] = lambda _: (),
                detail: str = "") -> T:
        """``run()``, with the request written to the audit trail whether it answers or fails
        (a not-found or a refused query is worth tracing too)."""
        try:
            result = run()
        except ApiError as exc:
            self.audit(entities=[exc.extra["redirect_to"]] if "redirect_to" in exc.extra else (),
                       detail=f"{detail} -> {exc.message}".strip(" ->"), status=exc.status)
            raise
        self.audit(entities(result) if result is not None else (), detail)
        return result

    def audit(self, entities: Iterable[str] = (), detail: str = "", status: int = 200) -> None:
        """Write this request to the audit trail: who, what, which entities, from where."""
        r = self.request
        path = r.url.path + (f"?{r.url.query}" if r.url.query else "")
        self.service.audit.record(
            user=self.user.name, role=self.user.role, action=self.action, method=r.method,
            path=path, status=status, entities=list(entities), detail=detail,
            client=r.client.host if r.client else "")


def caller(action: str) -> Callable[..., Caller]:
    """A dependency resolving the token's user and refusing roles without ``action``."""

    async def dep(request: Request, service: ServiceDep,
                  authorization: Annotated[str | None, Header(
                      description="Bearer <token> from `yidang users add NAME --role ROLE`")] = None,
                  ) -> Caller:
        # async, so that a request does not hop to the thread pool just to be authorised: a
        # known token is a dict probe; only a token seen for the first time reads the store.
        digest = token_digest(authorization)
        user = service.auth.remembered(digest) or \
            await run_in_threadpool(service.auth.holder, digest)
        found = Caller(user, clearance(user.role), action, request, service)
        try:
            authorize(user, action)
        except Forbidden:
            found.audit(detail="refused: role lacks the right", status=403)
            raise
        return found
    return dep


ProfileCaller = Annotated[Caller, Depends(caller("profile"))]
SearchCaller = Annotated[Caller, Depends(caller("search"))]
LineageCaller = Annotated[Caller, Depends(caller("lineage"))]
RelationshipsCaller = Annotated[Caller, Depends(caller("relationships"))]
AnalystCaller = Annotated[Caller, Depends(caller("analyst"))]
AuditCaller = Annotated[Caller, Depends(caller("audit"))]

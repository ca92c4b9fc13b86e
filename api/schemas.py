"""Response schemas: what each route promises (documented at /docs)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class ErrorBody(BaseModel):
    detail: str = Field(description="what went wrong and what to do about it")


class ValidationErrorItem(BaseModel):
    field: str
    location: str
    message: str


class ValidationErrorBody(ErrorBody):
    errors: list[ValidationErrorItem]


class RedirectBody(ErrorBody):
    eid: str
    redirect_to: str
    reason: str | None = None
    redirected_at: str | None = None


class Page(BaseModel):
    items: list[dict[str, Any]]
    total: int
    limit: int
    offset: int
    next_offset: int | None = None


class GoldenField(BaseModel):
    value: Any = Field(description="the golden value (masked unless the role is cleared)")
    source: str | None = Field(description="rid (source:key) of the record it came from")
    rule: str | None = Field(description="the survivorship rule that chose it")
    alternatives: list[dict[str, Any]] = Field(description="values other sources hold")


class Profile(BaseModel):
    eid: str
    kind: str
    status: str
    run_id: str | None = None
    updated_at: str | None = None
    record_count: int | None = None
    sources: list[str]
    fields: dict[str, GoldenField]
    records: list[dict[str, Any]] = Field(description="member source records with batch and raw row")
    related: list[dict[str, Any]] = Field(description="related entities with the relation's evidence")
    history: list[dict[str, Any]]
    matched_by: dict[str, str] | None = None


class Health(BaseModel):
    status: str
    engine: str | None = None
    persons_indexed: int | None = None
    organizations_indexed: int | None = None


ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorBody, "description": "no token or an unknown one"},
    403: {"model": ErrorBody, "description": "the role may not do this"},
    422: {"model": ValidationErrorBody, "description": "bad input; names the field"},
}
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": ErrorBody, "description": "unknown id"}}
REDIRECT: dict[int | str, dict[str, Any]] = {
    307: {"model": RedirectBody, "description": "the id was merged into another entity"}}

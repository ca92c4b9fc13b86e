"""Users, tokens and what each role may do (分域分级).

Tokens are 32 random bytes issued once by ``yidang users add``; the store keeps only their SHA-256.
A salted slow hash (bcrypt, argon2) protects low-entropy passwords against guessing; a 256-bit
random token cannot be guessed, so a plain digest is enough and keeps each request's check cheap.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from api.errors import BadInput, Forbidden, Unauthorized
from graph import GraphStore

ROLES = ("case_worker", "steward", "analyst", "admin")

#: Actions and the roles allowed them.
PERMISSIONS: dict[str, frozenset[str]] = {
    "profile": frozenset({"case_worker", "steward", "analyst", "admin"}),
    "search": frozenset({"case_worker", "steward", "analyst", "admin"}),
    "lineage": frozenset({"case_worker", "steward", "analyst", "admin"}),
    "relationships": frozenset({"case_worker", "steward", "analyst", "admin"}),
    "analyst": frozenset({"analyst", "admin"}),
    "audit": frozenset({"admin"}),
    "steward": frozenset({"steward", "admin"}),
}


@dataclass(frozen=True)
class User:
    name: str
    role: str


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def add_user(store: GraphStore, name: str, role: str) -> str:
    """Create user ``name`` with ``role`` (or re-issue an existing user's token) and return the
    new token; it is shown once and never stored.

    Raises:
        BadInput: unknown role or empty name.
    """
    if role not in ROLES:
        raise BadInput(f"unknown role {role!r}; expected one of {', '.join(ROLES)}", field="role")
    if not name.strip():
        raise BadInput("a user needs a name", field="name")
    token = "yd_" + secrets.token_urlsafe(32)
    store.add_user(name.strip(), role, hash_token(token),
                   dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"))
    return token


class Authenticator:
    """Token → user, remembered after the first look-up (the users table is tiny and changes
    only through ``yidang users add``)."""

    def __init__(self, store: GraphStore):
        self._store = store
        self._known: dict[str, User] = {}

    def remembered(self, digest: str) -> User | None:
        """The user holding the token of ``digest`` (:func:`token_digest`) if this service has
        seen it before (no store read, so an async route can ask without blocking); else None."""
        return self._known.get(digest)

    def user(self, authorization: str | None) -> User:
        """The user behind an ``Authorization: Bearer <token>`` header.

        Raises:
            Unauthorized: no header, not a bearer token, or a token no active user holds.
        """
        return self.holder(token_digest(authorization))

    def holder(self, digest: str) -> User:
        """The active user holding the token of ``digest`` (:func:`token_digest`).

        Raises:
            Unauthorized: no active user holds it.
        """
        user = self._known.get(digest)
        if user is None:
            row = self._store.user_by_token(digest)
            if row is None:
                raise Unauthorized("unknown or revoked token; ask an admin for a new one "
                                   "(`yidang users add NAME --role ROLE`)")
            user = self._known[digest] = User(row["name"], row["role"])
        return user


def token_digest(authorization: str | None) -> str:
    """The SHA-256 of the token in an ``Authorization: Bearer <token>`` header.

    Raises:
        Unauthorized: no header, or not a bearer token.
    """
    if not authorization:
        raise Unauthorized("no token: send the header 'Authorization: Bearer <token>' "
                           "(tokens are issued by `yidang users add NAME --role ROLE`)")
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("the Authorization header must be 'Bearer <token>'")
    return hash_token(token.strip())


def authorize(user: User, action: str) -> None:
    """Raises Forbidden unless ``user``'s role may do ``action``."""
    allowed = PERMISSIONS[action]
    if user.role not in allowed:
        raise Forbidden(f"role {user.role!r} may not use {action}; roles that may: "
                        f"{', '.join(sorted(allowed))}", role=user.role, action=action)

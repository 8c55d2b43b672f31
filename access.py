"""Who may do what: API keys with two scopes, kept only as digests.

- ``admin``: everything (data management, A/B tests, evaluations, and all a storefront may do).
- ``storefront``: what a shop's back end does: write events and items, read a user's data.

Each scope accepts up to two keys at once, so a key can be rotated without downtime: give the
new one beside the old (``ADMIN_API_KEY=new,old``), move the clients, drop the old one. The
process keeps SHA-256 digests only and compares digests in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Scope = Literal["admin", "storefront"]
MAX_KEYS_PER_SCOPE = 2


def digest(key: str) -> bytes:
    return hashlib.sha256(key.encode()).digest()


def split_keys(value: str, scope: str) -> list[str]:
    """``"a,b"`` -> ``["a", "b"]``; refuses more than two keys (rotation needs two, not more)."""
    keys = [key.strip() for key in value.split(",") if key.strip()]
    if len(keys) > MAX_KEYS_PER_SCOPE:
        raise ValueError(f"{scope}: at most {MAX_KEYS_PER_SCOPE} keys (the new and the old)")
    return keys


@dataclass(frozen=True)
class Keyring:
    admin: tuple[bytes, ...]
    storefront: tuple[bytes, ...]

    @classmethod
    def from_keys(cls, admin: list[str], storefront: list[str]) -> Keyring:
        return cls(tuple(map(digest, admin)), tuple(map(digest, storefront)))

    @property
    def configured(self) -> bool:
        return bool(self.admin or self.storefront)

    def scope(self, presented: str | None) -> Scope | None:
        """The scope ``presented`` grants, or None. Every digest is compared (no early exit),
        so timing says nothing about which key, or how much of one, matched."""
        if not presented:
            return None
        candidate = digest(presented)
        is_admin = False
        is_storefront = False
        for known in self.admin:
            is_admin |= hmac.compare_digest(candidate, known)
        for known in self.storefront:
            is_storefront |= hmac.compare_digest(candidate, known)
        if is_admin:
            return "admin"
        return "storefront" if is_storefront else None


def read_or_create_key(path: Path) -> tuple[str, bool]:
    """The admin key kept at ``path`` (a data volume), made on first use: (key, created).

    Created with mode 0600 and without following an existing file, so two processes starting
    at once cannot both write one: the loser reads the winner's key."""
    try:
        return path.read_text().strip(), False
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(32)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip(), False
    with os.fdopen(descriptor, "w") as file:
        file.write(key + "\n")
    return key, True

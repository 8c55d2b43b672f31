"""One cache interface with two backends: in-process (default) and Redis (REDIS_URL).

A Redis failure never reaches the caller: the Redis cache answers from its in-process
fallback, logs the outage once, and goes back to Redis when it answers again.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Protocol

import redis
from cachetools import TLRUCache

log = logging.getLogger(__name__)


class Cache(Protocol):
    name: str

    def get(self, key: str) -> bytes | None: ...

    def set(self, key: str, value: bytes, ttl_seconds: int) -> None: ...

    def delete(self, key: str) -> None: ...

    def delete_prefix(self, prefix: str) -> None: ...


def cache_key(namespace: str, *parts: object) -> str:
    """The one place keys are made: `namespace:part:part...`, parts in a fixed order."""
    return ":".join([namespace, *(str(part) for part in parts)])


class MemoryCache:
    """A bounded in-process TTL cache (least recently used entries go first when full)."""

    name = "memory"

    def __init__(self, max_entries: int = 50_000) -> None:
        self._entries: TLRUCache[str, tuple[bytes, float]] = TLRUCache(
            maxsize=max_entries,
            ttu=lambda _key, value, now: now + value[1],
            timer=time.monotonic,
        )
        self._lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        with self._lock:
            entry = self._entries.get(key)
        return None if entry is None else entry[0]

    def set(self, key: str, value: bytes, ttl_seconds: int) -> None:
        with self._lock:
            self._entries[key] = (value, float(ttl_seconds))

    def delete(self, key: str) -> None:
        with self._lock:
            self._entries.pop(key, None)

    def delete_prefix(self, prefix: str) -> None:
        with self._lock:
            for key in [key for key in self._entries.keys() if key.startswith(prefix)]:
                self._entries.pop(key, None)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


class RedisCache:
    """Redis, with the in-process cache standing in while Redis is unreachable."""

    name = "redis"
    RETRY_SECONDS = 2.0

    def __init__(self, url: str, namespace: str, timeout_seconds: float = 0.25) -> None:
        self.url = url
        self.namespace = namespace
        self.client = redis.Redis.from_url(
            url, socket_timeout=timeout_seconds, socket_connect_timeout=timeout_seconds
        )
        self.fallback = MemoryCache()
        self._down_since: float | None = None
        self._lock = threading.Lock()

    @property
    def healthy(self) -> bool:
        return self._down_since is None

    def _usable(self) -> bool:
        with self._lock:
            if self._down_since is None:
                return True
            if time.monotonic() - self._down_since < self.RETRY_SECONDS:
                return False
        try:
            self.client.ping()
            # Invalidations made during the outage never reached Redis: drop what it holds.
            self._scan_delete(self.namespace + ":")
        except redis.RedisError:
            with self._lock:
                self._down_since = time.monotonic()
            return False
        with self._lock:
            self._down_since = None
        self.fallback.clear()
        log.warning("redis cache at %s is back; leaving the in-process fallback", self.url)
        return True

    def _failed(self, error: Exception) -> None:
        with self._lock:
            first = self._down_since is None
            self._down_since = time.monotonic()
        if first:
            log.warning("redis cache unreachable (%s); serving from the in-process cache", error)

    def _scan_delete(self, prefix: str) -> None:
        batch: list[bytes] = []
        for key in self.client.scan_iter(match=prefix.replace("*", r"\*") + "*", count=1000):
            batch.append(key)
            if len(batch) >= 1000:
                self.client.unlink(*batch)
                batch.clear()
        if batch:
            self.client.unlink(*batch)

    def get(self, key: str) -> bytes | None:
        if self._usable():
            try:
                value = self.client.get(key)
                return value if isinstance(value, bytes) else None
            except redis.RedisError as error:
                self._failed(error)
        return self.fallback.get(key)

    def set(self, key: str, value: bytes, ttl_seconds: int) -> None:
        if self._usable():
            try:
                self.client.set(key, value, ex=ttl_seconds)
                return
            except redis.RedisError as error:
                self._failed(error)
        self.fallback.set(key, value, ttl_seconds)

    def delete(self, key: str) -> None:
        self.fallback.delete(key)
        if self._usable():
            try:
                self.client.delete(key)
            except redis.RedisError as error:
                self._failed(error)

    def delete_prefix(self, prefix: str) -> None:
        self.fallback.delete_prefix(prefix)
        if self._usable():
            try:
                self._scan_delete(prefix)
            except redis.RedisError as error:
                self._failed(error)


def make_cache(redis_url: str, namespace: str) -> Cache:
    """Redis when a URL is given (even if it is down right now: it falls back and recovers),
    otherwise the in-process cache."""
    if not redis_url:
        log.info("cache: in-process")
        return MemoryCache()
    cache = RedisCache(redis_url, namespace)
    try:
        cache.client.ping()
        log.info("cache: redis at %s", redis_url)
    except redis.RedisError as error:
        cache._failed(error)
    return cache

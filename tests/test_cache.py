"""The cache interface on both backends, and Redis failing over to memory and back."""

from __future__ import annotations

import socket
import time

from cache import MemoryCache, RedisCache, cache_key, make_cache


def test_set_get_delete(cache: MemoryCache | RedisCache) -> None:
    key = cache_key(getattr(cache, "namespace", "ns"), "rec", "cf", "u1")
    assert cache.get(key) is None
    cache.set(key, b"payload", ttl_seconds=30)
    assert cache.get(key) == b"payload"
    cache.delete(key)
    assert cache.get(key) is None


def test_entries_expire(cache: MemoryCache | RedisCache) -> None:
    key = cache_key(getattr(cache, "namespace", "ns"), "short")
    cache.set(key, b"x", ttl_seconds=1)
    assert cache.get(key) == b"x"
    time.sleep(1.2)
    assert cache.get(key) is None


def test_delete_prefix_removes_only_that_prefix(cache: MemoryCache | RedisCache) -> None:
    namespace = getattr(cache, "namespace", "ns")
    for user in ("u1", "u10", "u2"):
        cache.set(cache_key(namespace, "user", user, "cf"), user.encode(), 60)
    cache.delete_prefix(cache_key(namespace, "user", "u1") + ":")
    assert cache.get(cache_key(namespace, "user", "u1", "cf")) is None
    assert cache.get(cache_key(namespace, "user", "u10", "cf")) == b"u10"
    assert cache.get(cache_key(namespace, "user", "u2", "cf")) == b"u2"


def test_memory_cache_is_bounded() -> None:
    cache = MemoryCache(max_entries=10)
    for number in range(100):
        cache.set(f"k{number}", b"v", 60)
    assert sum(cache.get(f"k{number}") is not None for number in range(100)) == 10
    assert cache.get("k99") == b"v"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_unreachable_redis_falls_back_to_memory_without_errors(caplog) -> None:  # type: ignore[no-untyped-def]
    cache = make_cache(f"redis://127.0.0.1:{free_port()}", "ns")
    assert cache.name == "redis"
    cache.set("ns:k", b"still cached", 60)
    assert cache.get("ns:k") == b"still cached"
    cache.delete_prefix("ns:")
    assert cache.get("ns:k") is None
    assert "serving from the in-process cache" in caplog.text


def test_no_url_means_the_memory_cache() -> None:
    assert make_cache("", "ns").name == "memory"

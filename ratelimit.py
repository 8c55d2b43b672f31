"""Per-key limits on writes, through the maintained `limits` library: a moving window kept in
Redis when one is configured (every worker shares the count), else in this process."""

from __future__ import annotations

import logging
import math
import time

from fastapi import HTTPException, status
from limits import RateLimitItem, parse
from limits.storage import MemoryStorage, RedisStorage, Storage
from limits.strategies import MovingWindowRateLimiter

log = logging.getLogger(__name__)


class WriteLimiter:
    def __init__(self, limit: str, redis_url: str, namespace: str) -> None:
        self.item: RateLimitItem | None = parse(limit) if limit else None
        self.namespace = namespace
        self.storage: Storage = RedisStorage(redis_url) if redis_url else MemoryStorage()
        self.fallback = MovingWindowRateLimiter(MemoryStorage())
        self.limiter = MovingWindowRateLimiter(self.storage)

    def hit(self, who: str) -> None:
        """Count one write by ``who``; past the limit, a 429 with ``Retry-After``."""
        if self.item is None:
            return
        limiter = self.limiter
        try:
            allowed = limiter.hit(self.item, self.namespace, who)
        except Exception as error:  # Redis down: limit per worker rather than not at all
            log.warning("rate limit storage unavailable (%s); counting in this worker", error)
            limiter = self.fallback
            allowed = limiter.hit(self.item, self.namespace, who)
        if allowed:
            return
        reset_at = limiter.get_window_stats(self.item, self.namespace, who).reset_time
        retry_after = max(1, math.ceil(reset_at - time.time()))
        raise HTTPException(
            status.HTTP_429_TOO_MANY_REQUESTS,
            f"too many writes: at most {self.item} per key; retry in {retry_after} s",
            headers={"Retry-After": str(retry_after)},
        )

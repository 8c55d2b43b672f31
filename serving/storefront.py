"""The calls storefronts make, each in two stages: candidates from the live model service
(its public methods only), then the re-rank stage's rules (recommenders/rerank.py), then the
page.

Contexts
    user      ``recommend(user_id, strategy, candidates)``: the strategy's own ranking.
    item      ``item_id`` ("people who view this also like"): the item's similar items.
    session   ``recent_items``: the similar items of each, min-max normalised per list and
              averaged (an item similar to two of three recent items scores 2/3 of one
              similar to all three), so no list's scale outweighs another's.
    With ``user_id`` beside an item or session context the user's interacted items stay
    out and the user's price rules apply. Where a context's evidence ends before the page
    does, popular items (``popular_fill``) fill it.

Paging
    ``offset`` slices one ranking: pages of the same model version never repeat an item.
    ``next_cursor`` names every item served so far (compressed); a request carrying it
    ranks without them, so its page never repeats one even after the model moved.

Every answer carries ``processing_time_ms`` (this call, candidates included) and
``generated_at`` (UTC), and each item its ``price`` and ``relevance`` (0..1,
recommenders/rerank.py).
"""

from __future__ import annotations

import base64
import binascii
import json
import threading
import time
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from typing import Any

import numpy as np
import pandas as pd

from config import Settings
from features.data import Catalog
from live.requests import Filters, InvalidRequest
from live.service import RecommendationService
from models import utcnow
from recommenders.rerank import (
    MAX_CANDIDATES,
    SEGMENTS,
    ItemTable,
    Ranking,
    RerankRules,
    Shopper,
    normalise,
    rerank,
    segment_of,
)
from recommenders.scoring import POPULAR_FILL
from recommenders.two_stage import asks_again, candidate_count, is_extra
from serving.schemas import RecommendationParams, StorefrontParams
from tracking.profiles import DAY_SECONDS, Activity, ItemFacts, Profiles, ShopperStats

POPULAR = "popular"
SIMILAR = "similar"
BUY_AGAIN = "buy_again"
LIKE = "like"  # a context candidate's context item, kept until its reason is looked up
MAX_RECENT_ITEMS = 20
# MAX_CANDIDATES item ids of 64 characters, quoted: a bound on what a cursor may unpack to.
MAX_CURSOR_BYTES = MAX_CANDIDATES * 67 + 2


@dataclass(frozen=True)
class Ask:
    """One recommendation request, as the routes hand it over."""

    strategy: str
    n: int = 10
    offset: int = 0
    user_id: str | None = None
    item_id: str | None = None
    recent_items: tuple[str, ...] = ()
    filters: Filters = field(default_factory=Filters)
    weights: Mapping[str, float] | None = None
    rules: Mapping[str, Any] | None = None  # overrides of the configured re-rank rules
    cursor: str | None = None
    scope: str = ""  # the service's cache scope (an A/B test and variant)

    @property
    def context(self) -> tuple[str, ...]:
        return ((self.item_id,) if self.item_id else ()) + self.recent_items

    def question(self) -> dict[str, Any]:
        """The ask in canonical form: equal questions, equal cache keys."""
        return {**asdict(self), "filters": self.filters.as_dict()}


def ask_for(params: RecommendationParams, strategy: str) -> Ask:
    """The storefront's question for ``params``, answered by ``strategy``."""
    extra = params if isinstance(params, StorefrontParams) else None
    return Ask(
        strategy=strategy,
        n=params.n,
        user_id=params.user_id,
        item_id=extra.item_id if extra else None,
        recent_items=tuple(extra.recent_items) if extra else (),
        offset=extra.offset if extra else 0,
        cursor=extra.cursor if extra else None,
        filters=params.filters(),
        weights=params.weight_map(),
        rules=extra.rerank_overrides() if extra else None,
    )


@dataclass(frozen=True)
class _View:
    """The catalogue as the rules read it, rebuilt when the live catalogue changes."""

    key: tuple[int, int]
    catalog: Catalog
    table: ItemTable
    index: dict[str, int]
    facts: ItemFacts
    stats: ShopperStats | None = None
    intervals: np.ndarray | None = None  # days per row: NaN unknown, inf never rebought


class Storefront:
    def __init__(
        self, service: RecommendationService, profiles: Profiles, settings: Settings
    ) -> None:
        self.service = service
        self.profiles = profiles
        self.rules = RerankRules().updated(settings.rerank_defaults)
        self._view: _View | None = None
        self._lock = threading.Lock()

    # --- the calls ---------------------------------------------------------------------

    def recommend(self, ask: Ask) -> dict[str, Any]:
        started = time.perf_counter()
        generated_at = utcnow()
        rules = self._rules(ask.rules)
        shown = decode_cursor(ask.cursor) if ask.cursor else ()
        if shown and ask.offset:
            raise InvalidRequest("give either offset or cursor: the cursor already pages")
        if len(ask.recent_items) > MAX_RECENT_ITEMS:
            raise InvalidRequest(f"recent_items holds at most {MAX_RECENT_ITEMS} item ids")
        if not (ask.user_id or ask.context):
            raise InvalidRequest("give user_id, item_id or recent_items")
        depth = ask.offset + ask.n
        if depth > MAX_CANDIDATES:
            raise InvalidRequest(f"offset + n may reach at most {MAX_CANDIDATES}, not {depth}")
        candidates = candidate_count(rules, depth)
        view, stats = self._current()
        activity = self.profiles.activity(ask.user_id, view.facts) if ask.user_id else None
        # Never served: what the request excludes, earlier pages, the context itself.
        blocked = set(ask.filters.exclude) | set(shown) | set(ask.context)
        if ask.context:
            # Never an item the user interacted with (bought ones may come back as buy
            # again); the strategies know that for a user's own list.
            seen = activity.items() if activity is not None else set()
            filters = replace(ask.filters, exclude=tuple(sorted(blocked | seen)))
            base = self._context_candidates(view, ask, candidates, filters)
        else:
            filters = replace(ask.filters, exclude=tuple(sorted(blocked)))
            base = self._user_candidates(ask, candidates, filters)
            if asks_again((i["via"] for i in base["items"]), candidates, depth):
                base = self._user_candidates(ask, depth + 1, filters)
        # Extra items (the CF cold-item fill, at most n beyond the n): ranked apart, paged
        # alike (recommenders/two_stage.py).
        main = [item for item in base["items"] if not is_extra(item["via"])]
        extra = [item for item in base["items"] if is_extra(item["via"])]
        rows, scores, details = self._known(view, main)
        allowed = ask.filters.mask(view.catalog)
        allowed = np.ones(len(view.catalog), dtype=bool) if allowed is None else allowed.copy()
        allowed[[view.index[i] for i in blocked if i in view.index]] = False
        shopper = self._shopper(view, activity)
        ranking = rerank(
            rows, scores, view.table, rules, depth + 1, shopper, view.intervals, allowed
        )
        page = self._page(view, ranking, details, ask.offset, ask.n, activity)
        served = list(shown) + [view.catalog.item_ids[row] for row in ranking.rows[:depth]]
        more = len(ranking.rows) > depth
        if ask.context and len(ranking.rows) <= depth:
            # The context's evidence ends before this page does: popular items fill it.
            fill = self._popular_fill(view, ask, ranking, candidates, filters, rules, shopper)
            start, need = max(0, ask.offset - len(ranking.rows)), ask.n - len(page)
            page += self._page(view, fill[0], fill[1], start, need, activity)
            served += [view.catalog.item_ids[row] for row in fill[0].rows[: start + need]]
            more = len(fill[0].rows) > start + need
        if extra:
            rows, scores, details = self._known(view, extra)
            filled = rerank(
                rows, scores, view.table, replace(rules, buy_again=False), depth + 1, shopper
            )
            page += self._page(view, filled, details, ask.offset, ask.n, activity)
            served += [view.catalog.item_ids[row] for row in filled.rows[:depth]]
            more = more or len(filled.rows) > depth
        if ask.context:
            self._explain_similar(page)
        else:
            self._explain(ask, page)
        return {
            **base,
            "user_id": ask.user_id,
            "strategy": base.get("strategy", ask.strategy),
            "n": ask.n,
            "items": page,
            "filters": ask.filters.as_dict(),
            "context": "session" if ask.recent_items else "item" if ask.item_id else "user",
            "item_id": ask.item_id,
            "recent_items": list(ask.recent_items),
            "offset": ask.offset,
            "next_cursor": encode_cursor(served) if more else None,
            "rerank": rules.as_dict(),
            "segment": self._segment(activity, stats),
            "generated_at": generated_at,
            "processing_time_ms": _elapsed_ms(started),
        }

    def popular(
        self, n: int, offset: int, filters: Filters, segment: str | None = None
    ) -> dict[str, Any]:
        """Trending items (the ``popular`` strategy), or, for a spending ``segment``, the
        items most buyers of that segment bought."""
        started = time.perf_counter()
        generated_at = utcnow()
        depth = offset + n
        if depth > MAX_CANDIDATES:
            raise InvalidRequest(f"offset + n may reach at most {MAX_CANDIDATES}, not {depth}")
        if segment is not None and segment not in SEGMENTS:
            raise InvalidRequest(f"segment must be one of {', '.join(SEGMENTS)}, not {segment!r}")
        view, stats = self._current()
        if segment is None:
            # A user id no storefront can send (the contract needs 1-64 characters): the
            # strategy's answer for a stranger, its popularity ranking.
            base = self.service.recommend("", POPULAR, depth + 1, filters)
            items, version = base["items"], base["model_version"]
        else:
            items = self._segment_candidates(view, stats, segment, depth + 1, filters)
            version = self.service.status()["version"]
        rows, scores, details = self._known(view, items)
        ranking = rerank(
            rows, scores, view.table, self.rules.updated({"diversity": 1.0}), depth + 1
        )
        return {
            "strategy": POPULAR,
            "segment": segment,
            "n": n,
            "offset": offset,
            "items": self._page(view, ranking, details, offset, n, None),
            "has_more": len(ranking.rows) > depth,
            "filters": filters.as_dict(),
            "model_version": version,
            "generated_at": generated_at,
            "processing_time_ms": _elapsed_ms(started),
        }

    def similar_items(
        self, item_id: str, n: int, filters: Filters, strategy: str | None = None
    ) -> dict[str, Any]:
        """The service's similar items in its order, each with its price and relevance."""
        started = time.perf_counter()
        generated_at = utcnow()
        answer = self.service.similar_items(item_id, n, filters, strategy)
        view, _ = self._current()
        rows, scores, details = self._known(view, answer["items"])
        ranking = Ranking(rows, normalise(scores), np.zeros(len(rows), dtype=bool), rows)
        return {
            **answer,
            "items": self._page(view, ranking, details, 0, len(rows), None),
            "generated_at": generated_at,
            "processing_time_ms": _elapsed_ms(started),
        }

    def profile(self, user_id: str) -> dict[str, Any]:
        started = time.perf_counter()
        generated_at = utcnow()
        view, stats = self._current()
        answer = self.profiles.profile(self.profiles.activity(user_id, view.facts), stats)
        return {
            **answer,
            "generated_at": generated_at,
            "processing_time_ms": _elapsed_ms(started),
        }

    # --- stages ------------------------------------------------------------------------

    def _rules(self, overrides: Mapping[str, Any] | None) -> RerankRules:
        try:
            return self.rules.updated(overrides)
        except ValueError as error:
            raise InvalidRequest(str(error)) from error

    def _popular_fill(
        self,
        view: _View,
        ask: Ask,
        ranking: Ranking,
        k: int,
        filters: Filters,
        rules: RerankRules,
        shopper: Shopper | None,
    ) -> tuple[Ranking, dict[int, dict[str, Any]]]:
        ranked = {view.catalog.item_ids[row] for row in ranking.rows}
        popular = self.service.recommend("", POPULAR, k, filters)["items"]
        fill = [{**i, "via": POPULAR_FILL} for i in popular if i["item_id"] not in ranked]
        rows, scores, details = self._known(view, fill)
        no_buy_again = replace(rules, buy_again=False)
        return rerank(rows, scores, view.table, no_buy_again, k, shopper), details

    def _user_candidates(self, ask: Ask, k: int, filters: Filters) -> dict[str, Any]:
        """The strategy's candidates, unexplained: only the page's items are (``_explain``)."""
        return self.service.recommend(
            ask.user_id or "",
            ask.strategy,
            k,
            filters,
            # The page is part of the question: `source` speaks of this answer.
            cache_scope=f"{ask.scope}|page:{ask.n}:{ask.offset}",
            weights=ask.weights,
            explain=False,
        )

    def _explain_similar(self, page: list[dict[str, Any]]) -> None:
        """The reasons for the page's items from the context's similar items (those come
        unexplained); a popular fill has its own."""
        similar = [item for item in page if LIKE in item]
        asked = [(item.pop(LIKE), item["via"], item["item_id"]) for item in similar]
        for item, reason in zip(similar, self.service.similar_reasons(asked), strict=True):
            item["reason"] = reason

    def _explain(self, ask: Ask, page: list[dict[str, Any]]) -> None:
        """The strategy's reasons for the page's items from its candidates (a buy-again
        item has its own)."""
        own = [item for item in page if item["via"] != BUY_AGAIN]
        if not own:
            return
        reasons = self.service.reasons(ask.user_id or "", ask.strategy, own, ask.weights)
        for item, reason in zip(own, reasons, strict=True):
            item["reason"] = reason

    def _context_candidates(
        self, view: _View, ask: Ask, k: int, filters: Filters
    ) -> dict[str, Any]:
        names: list[str] = []
        version = 0
        strategy = ask.strategy if ask.strategy != SIMILAR else None
        ids, relevance, via, like = [], [], [], []
        for item_id in ask.context:
            similar = self.service.similar_ranking(item_id, k, filters, strategy)
            names, version = similar.strategies, similar.model_version
            if similar.item_ids:
                low, high = similar.scores.min(), similar.scores.max()
                if high > low:
                    relevance.append((similar.scores - low) / (high - low))
                else:
                    relevance.append(np.ones(len(similar.scores)))
                ids += similar.item_ids
                via += similar.via
                like += [item_id] * len(similar.item_ids)
        items = []
        if ids:
            # Each item once: its mean relevance over the context lists, with the evidence
            # of the list where it ranked highest (the first such list on a tie).
            joined = np.concatenate(relevance)
            order = np.argsort(-joined, kind="stable")
            _, first, group = np.unique(
                np.array(ids)[order], return_index=True, return_inverse=True
            )
            mean = np.bincount(group, weights=joined[order]) / len(ask.context)
            for chosen in np.lexsort((first, -mean))[:k].tolist():
                best = int(order[first[chosen]])
                row = view.index.get(ids[best])
                if row is None:  # added after this view was read: the next request has it
                    continue
                items.append(
                    {
                        "item_id": ids[best],
                        "score": float(mean[chosen]),
                        "title": view.catalog.titles[row],
                        "category": view.catalog.categories[row],
                        "reason": "",
                        "via": via[best],
                        LIKE: like[best],  # which context item it is like: its reason
                    }
                )
        return {
            "strategy": strategy or SIMILAR,
            "strategies": names,
            "items": items,
            "fallback": None,
            "model_version": version,
            "source": "model",
            "weights": None,
        }

    def _segment_candidates(
        self, view: _View, stats: ShopperStats, segment: str, k: int, filters: Filters
    ) -> list[dict[str, Any]]:
        buyers = self.profiles.segment_buyers(segment, stats)
        rows = pd.Series(view.index).reindex(buyers.index)
        buyers = buyers[rows.notna()]
        rows = rows.dropna().astype(np.int64).to_numpy()
        keep = np.ones(len(rows), dtype=bool)
        mask = filters.mask(view.catalog)
        if mask is not None:
            keep &= mask[rows]
        keep &= ~buyers.index.isin(list(filters.exclude))
        buyers = buyers[keep]
        order = np.lexsort((buyers.index.to_numpy(dtype=str), -buyers.to_numpy()))[:k]
        return [
            {
                "item_id": item_id,
                "score": float(count),
                "title": view.catalog.titles[view.index[item_id]],
                "category": view.catalog.categories[view.index[item_id]],
                "reason": f"bought by {count} shopper{'s' if count != 1 else ''} of the "
                f"{segment} spending segment",
                "via": f"segment_{segment}",
            }
            for item_id, count in buyers.iloc[order].items()
        ]

    @staticmethod
    def _known(
        view: _View, items: Sequence[dict[str, Any]]
    ) -> tuple[np.ndarray, np.ndarray, dict[int, dict[str, Any]]]:
        """Rows and scores of the candidates this view knows (an item added after the
        view was read waits for the next request)."""
        kept = [item for item in items if item["item_id"] in view.index]
        rows = np.array([view.index[item["item_id"]] for item in kept], dtype=np.int64)
        scores = np.array([item["score"] for item in kept], dtype=np.float64)
        return rows, scores, {int(row): item for row, item in zip(rows, kept, strict=True)}

    def _shopper(self, view: _View, activity: Activity | None) -> Shopper | None:
        if activity is None:
            return None
        # The activity was read with this view's facts: its rows are this view's rows.
        rows, last = activity.bought_rows()
        now = np.datetime64(utcnow().replace(tzinfo=None), "s")
        average = activity.average_price()
        return Shopper(
            average_price=np.nan if average is None else average,
            bought_rows=rows.astype(np.int64),
            days_since_bought=(now - last).astype(np.float64) / DAY_SECONDS,
        )

    def _page(
        self,
        view: _View,
        ranking: Ranking,
        details: dict[int, dict[str, Any]],
        offset: int,
        n: int,
        activity: Activity | None,
    ) -> list[dict[str, Any]]:
        end = offset + n
        again_here = activity is not None and bool(ranking.buy_again[offset:end].any())
        bought = activity.last_bought() if activity is not None and again_here else {}
        page = []
        for row, relevance, again in zip(
            ranking.rows[offset:end], ranking.relevance[offset:end], ranking.buy_again[offset:end],
            strict=True,
        ):  # fmt: skip
            row = int(row)
            price = view.catalog.prices[row]
            item = details.get(row) if not again else None
            if item is None:
                item_id = view.catalog.item_ids[row]
                item = {
                    "item_id": item_id,
                    "score": float(relevance),
                    "title": view.catalog.titles[row],
                    "category": view.catalog.categories[row],
                    "reason": _buy_again_reason(view, item_id, bought.get(item_id)),
                    "via": BUY_AGAIN,
                }
            page.append(
                {
                    **item,
                    "relevance": round(float(relevance), 6),
                    "price": None if np.isnan(price) else float(price),
                    "buy_again": bool(again),
                }
            )
        return page

    def _segment(self, activity: Activity | None, stats: ShopperStats) -> str | None:
        return None if activity is None else segment_of(activity.spent(), stats.cutoffs)

    def _current(self) -> tuple[_View, ShopperStats]:
        """The catalogue view and the learnt figures, refreshed when they moved."""
        key = self.service.view_key()
        with self._lock:
            view = self._view
            if view is None or view.key != key:
                catalog = self.service.catalog_snapshot()
                index = {item_id: row for row, item_id in enumerate(catalog.item_ids)}
                view = _View(
                    key=key,
                    catalog=catalog,
                    table=ItemTable.build(
                        catalog.item_ids, catalog.titles, catalog.categories, catalog.prices
                    ),
                    index=index,
                    facts=ItemFacts(pd.Index(catalog.item_ids), catalog.prices, catalog.categories),
                )
        stats = self.profiles.stats(view.facts)
        with self._lock:
            if view.stats is not stats:
                view = replace(
                    view,
                    stats=stats,
                    intervals=stats.intervals.reindex(view.catalog.item_ids).to_numpy(),
                )
            self._view = view
            return view, stats


def _buy_again_reason(view: _View, item_id: str, last: datetime | None) -> str:
    interval = float(view.intervals[view.index[item_id]]) if view.intervals is not None else np.nan
    typical = (
        f"people rebuy it every {interval:g} days"
        if np.isfinite(interval)
        else ("no repurchase interval known yet")
    )
    ago = "" if last is None else f"{(utcnow() - last).days} days ago"
    return f"buy again: you bought it {ago}; {typical}"


def encode_cursor(item_ids: Sequence[str]) -> str:
    packed = zlib.compress(json.dumps(list(item_ids), separators=(",", ":")).encode())
    return base64.urlsafe_b64encode(packed).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[str, ...]:
    try:
        packed = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        inflater = zlib.decompressobj()
        text = inflater.decompress(packed, MAX_CURSOR_BYTES)
        if inflater.unconsumed_tail or not inflater.eof:
            raise ValueError("not a whole cursor")
        item_ids = json.loads(text)
    except (binascii.Error, zlib.error, ValueError) as error:
        raise InvalidRequest("cursor is not one this service returned as next_cursor") from error
    if not isinstance(item_ids, list) or not all(isinstance(i, str) for i in item_ids):
        raise InvalidRequest("cursor is not one this service returned as next_cursor")
    return tuple(item_ids)


def _elapsed_ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 3)

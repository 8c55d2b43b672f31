"""The served order in two stages (recommenders/two_stage.py), on hand-made answers: what
the offline evaluation ranks is what the storefront serves."""

from __future__ import annotations

from typing import Any

from recommenders.base import Scored
from recommenders.cf import COLD_ITEM_FILL
from recommenders.rerank import RerankRules
from recommenders.scoring import POPULAR_FILL
from recommenders.two_stage import asks_again, candidate_count, served_top
from tests.recommenders.test_rerank import OFF, shopper, table


class Answers:
    """A strategy's answers by depth asked; records the depths."""

    def __init__(self, by_depth: dict[int, list[Scored]]) -> None:
        self.by_depth = by_depth
        self.asked: list[int] = []

    def recommend(self, user_id: str, n: int = 10, **_: Any) -> list[Scored]:
        self.asked.append(n)
        return self.by_depth[n][:n]


def scored(rows: list[int], source: str = "model", top: float = 10.0) -> list[Scored]:
    return [Scored(f"i{row}", top - k, "", source) for k, row in enumerate(rows)]


def test_candidates_are_the_rules_count_but_at_least_one_beyond_the_page() -> None:
    assert candidate_count(RerankRules(), 10) == 200
    assert candidate_count(RerankRules(candidates=5), 10) == 11
    assert candidate_count(RerankRules(candidates=5), 600) == 500  # MAX_CANDIDATES


def test_a_popular_fill_before_the_candidates_end_asks_again_for_the_page_only() -> None:
    assert asks_again(["model", POPULAR_FILL], asked=200, depth=10)
    assert not asks_again(["model", "model"], asked=200, depth=10)
    assert not asks_again(["model", POPULAR_FILL], asked=11, depth=10)  # already the page


def test_served_top_reranks_the_candidates() -> None:
    items = table([10, 10, 30], ["a"] * 3)
    index = {f"i{row}": row for row in range(3)}
    # Asked 3 for a top 2 (candidates=3): the strategy's own order 2, 0, 1 (scores 10, 9, 8
    # -> relevance 1, 0.5, 0). Average price 10: item 2 at 30 > 15 drops to 0.4 < 0.5.
    model = Answers({3: scored([2, 0, 1])})
    rules = RerankRules(candidates=3, price_demotion=0.4)
    assert served_top(model, "u", 2, items, index, rules, shopper(10.0)) == ["i0", "i2"]
    assert served_top(model, "u", 2, items, index, OFF.updated({"candidates": 3})) == ["i2", "i0"]
    assert model.asked == [3, 3]


def test_thin_evidence_asks_again_and_the_cold_item_fill_follows_the_list() -> None:
    items = table([10] * 6, ["a"] * 6)
    index = {f"i{row}": row for row in range(6)}
    # Asked 3 for a top 1: one own item, then popular fills -> asked again for 2, where
    # the strategy's own answer ends with its cold-item fill (scored above the list).
    model = Answers(
        {
            3: scored([4]) + scored([5, 1], POPULAR_FILL, top=0.5),
            2: scored([4], top=1.0) + scored([3], COLD_ITEM_FILL, top=99.0),
        }
    )
    rules = RerankRules(candidates=3)
    assert served_top(model, "u", 1, items, index, rules) == ["i4"]
    assert model.asked == [3, 2]
    # Two asked for and three candidates: no re-ask; the fill stays a fill, the cold-item
    # fill (scored 99) still after the list.
    listed = Answers({3: scored([4], top=1.0) + scored([3], COLD_ITEM_FILL, top=99.0)})
    assert served_top(listed, "u", 2, items, index, rules) == ["i4", "i3"]

"""A simulated storefront drives an A/B test through the public API, then checks that the
results endpoint reports exactly what it sent.

Shoppers have a favourite category and click what they like far more often, so a
personalised variant (content, by default) truly beats a non-personalised one (popular).
Shoppers arrive evenly over the rounds and, once arrived, come back every round: they ask
for a list under the test and react to it (clicks fall with rank, some clicks go on to the
cart and a purchase). Arrivals matter for adaptive tests: assignment is sticky, so the
bandit can only steer shoppers who arrive after it has learnt something. Most events carry
the impression_id; some do not and rely on the attribution window. The script tallies what
it sent per variant and prints it beside what /ab_tests/{id}/results reports.

With ``--ctr 0.10 0.13`` the shoppers ignore taste: a list earns that many clicks on average
per variant (CTR = clicks per list), the issue-12 storefront. Either way the script
ends with the verdict the test's declared rule gives.

    python -m bench.simulate_storefront [--users 300] [--rounds 4] [--mode fixed|adaptive]
    python -m bench.simulate_storefront --users 3000 --rounds 1 --ctr 0.10 0.13
    python -m bench.simulate_storefront --url http://127.0.0.1:8000   # a running server
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from tqdm import tqdm

CATEGORIES = ["books", "garden", "kitchen", "music", "outdoor", "toys"]
ITEMS_PER_CATEGORY = 12
LIKED_CLICK = 0.35
OTHER_CLICK = 0.03
COMPARED = ("impressions", "clicks", "add_to_carts", "purchases", "exposed_users", "revenue")


class Api(Protocol):
    """What the script needs of a client: FastAPI's TestClient and httpx.Client both fit."""

    def get(self, url: str, *, params: Any = ...) -> Any: ...

    def post(self, url: str, *, json: Any = ...) -> Any: ...


@dataclass
class Report:
    test_id: int
    sent: dict[str, Counter[str]]
    reported: dict[str, dict[str, Any]]
    mismatches: list[str] = field(default_factory=list)

    def rows(self) -> list[list[object]]:
        return [
            [variant, metric, self.sent[variant][metric], self.reported[variant][metric]]
            for variant in self.reported
            for metric in COMPARED
        ]


def _ok(response: Any, *codes: int) -> Any:
    if response.status_code not in codes:
        raise RuntimeError(f"{response.request.method} {response.request.url}: "
                           f"{response.status_code} {response.text}")  # fmt: skip
    return response.json()


def _clicks(
    rng: random.Random,
    rank: int,
    listed: int,
    variant: str,
    item: dict[str, Any],
    by_id: dict[str, dict[str, Any]],
    category: str,
    click_rates: tuple[float, float] | None,
) -> bool:
    """Whether the shopper clicks the item at ``rank``. With ``click_rates`` every rank is
    clicked with chance rate / length, so a list earns the variant's rate in clicks on
    average, whatever the shopper's taste."""
    if click_rates is not None:
        return rng.random() < click_rates[variant == "treatment"] / listed
    liked = by_id[item["item_id"]]["category"] == category
    return rng.random() < (LIKED_CLICK if liked else OTHER_CLICK) / (1 + 0.2 * rank)


def simulate(
    api: Api,
    users: int = 300,
    rounds: int = 4,
    seed: int = 1,
    mode: str = "fixed",
    variants: tuple[str, str] = ("popular", "content"),
    list_length: int = 5,
    progress: bool = True,
    click_rates: tuple[float, float] | None = None,
    plan: dict[str, Any] | None = None,
    weights: tuple[float, float] = (1, 1),
) -> Report:
    """``click_rates`` (control, treatment): one click per list with that chance, whatever
    the taste; ``plan``: decision-plan fields for the test (omitted: the defaults)."""
    rng = random.Random(seed)
    prefix = f"sim{seed}-{rng.randrange(10**6)}"
    items = [
        {"item_id": f"{prefix}-{category}-{n}", "title": f"{category.title()} product {n}",
         "category": category, "description": f"A {category} product, number {n}",
         "price": round(rng.uniform(5, 80), 2)}
        for category in CATEGORIES
        for n in range(ITEMS_PER_CATEGORY)
    ]  # fmt: skip
    _ok(api.post("/items/batch", json={"items": items}), 201)
    by_id: dict[str, dict[str, Any]] = {str(item["item_id"]): item for item in items}
    taste = {f"{prefix}-u{n}": rng.choice(CATEGORIES) for n in range(users)}
    # A little history, so personalised strategies know each shopper's taste.
    history = [
        {"user_id": user, "item_id": item["item_id"], "event_type": "view"}
        for user, category in taste.items()
        for item in rng.sample([i for i in items if i["category"] == category], 2)
    ]
    _ok(api.post("/interactions/batch", json={"interactions": history}), 201)
    test = _ok(
        api.post("/ab_tests", json={
            "name": f"storefront simulation {prefix}",
            "mode": mode,
            **(plan or {}),
            "variants": [{"name": "control", "strategy": variants[0], "weight": weights[0]},
                         {"name": "treatment", "strategy": variants[1], "weight": weights[1]}],
        }),
        201,
    )  # fmt: skip
    test_id = test["id"]
    sent: dict[str, Counter[str]] = defaultdict(Counter)
    exposed: dict[str, set[str]] = defaultdict(set)
    revenue: dict[str, float] = defaultdict(float)
    shoppers = list(taste.items())
    arrived = [len(shoppers) * (r + 1) // rounds for r in range(rounds)]
    steps = tqdm(total=sum(arrived), desc="storefront", disable=not progress)
    for present in arrived:
        events = []
        for user, category in shoppers[:present]:
            answer = _ok(api.get("/recommendations", params={
                "user_id": user, "test_id": test_id, "n": list_length}), 200)  # fmt: skip
            steps.update()
            variant = answer["variant"]
            sent[variant]["impressions"] += 1
            exposed[variant].add(user)
            for rank, item in enumerate(answer["items"]):
                if not _clicks(
                    rng, rank, len(answer["items"]), variant, item, by_id, category, click_rates
                ):
                    continue
                carry = {"impression_id": answer["impression_id"]} if rng.random() < 0.8 else {}
                funnel = ["click"]
                if rng.random() < 0.4:
                    funnel.append("add_to_cart")
                    if rng.random() < 0.6:
                        funnel.append("purchase")
                for kind in funnel:
                    event = {
                        "user_id": user,
                        "item_id": item["item_id"],
                        "event_type": kind,
                        "engagement_seconds": round(rng.uniform(5, 120), 1),
                        **carry,
                    }
                    if kind == "purchase":
                        event["revenue"] = by_id[item["item_id"]]["price"]
                        revenue[variant] += event["revenue"]
                    events.append(event)
                    sent[variant][{"click": "clicks", "add_to_cart": "add_to_carts",
                                   "purchase": "purchases"}[kind]] += 1  # fmt: skip
        for start in range(0, len(events), 10_000):
            _ok(api.post("/interactions/batch",
                         json={"interactions": events[start : start + 10_000]}), 201)  # fmt: skip
    steps.close()
    for variant in sent:
        sent[variant]["exposed_users"] = len(exposed[variant])
        sent[variant]["revenue"] = round(revenue[variant], 2)  # type: ignore[assignment]
    results = _ok(api.get(f"/ab_tests/{test_id}/results"), 200)
    reported = {row["variant"]: row for row in results["variants"]}
    report = Report(test_id, sent, reported)
    for variant, row in reported.items():
        for metric in COMPARED:
            want, got = sent[variant][metric], row[metric]
            if (round(got, 2) if metric == "revenue" else got) != want:
                report.mismatches.append(f"{variant} {metric}: sent {want}, reported {got}")
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--mode", choices=["fixed", "adaptive"], default="fixed")
    parser.add_argument("--url", help="a running server; default: an in-process app on SQLite")
    parser.add_argument(
        "--ctr", type=float, nargs=2, metavar=("CONTROL", "TREATMENT"),
        help="clicks per list of each variant, whatever the taste (e.g. 0.10 0.13)",
    )  # fmt: skip
    parser.add_argument(
        "--rule", choices=["sequential", "fixed_horizon"], help="the decision rule to declare"
    )
    args = parser.parse_args()
    kwargs: dict[str, Any] = {
        "users": args.users,
        "rounds": args.rounds,
        "seed": args.seed,
        "mode": args.mode,
        "click_rates": tuple(args.ctr) if args.ctr else None,
        "plan": {"decision_rule": args.rule} if args.rule else None,
    }
    verdict: dict[str, Any] = {}
    if args.url:
        import httpx

        with httpx.Client(base_url=args.url, timeout=60) as client:
            report = simulate(client, **kwargs)
            verdict = _verdict(client, report.test_id)
    else:
        from fastapi.testclient import TestClient

        from app import create_app
        from bench.common import throwaway_database
        from config import Settings

        with (
            tempfile.TemporaryDirectory() as workdir,
            throwaway_database("sqlite", Path(workdir)) as url,
            TestClient(create_app(Settings(database_url=url, auto_migrate=False))) as client,
        ):
            report = simulate(client, **kwargs)
            verdict = _verdict(client, report.test_id)
    from bench.common import print_table

    print_table(
        f"A/B test {report.test_id}: what the storefront sent vs what /results reports",
        ["variant", "metric", "sent", "reported"],
        report.rows(),
    )
    for variant, row in report.reported.items():
        print(
            f"{variant:9} ({row['strategy']}): CTR {row['ctr']:.4f}, conversion "
            f"{row['conversion_rate']:.4f}, revenue/user {row['revenue_per_user']:.2f}"
        )
    print(f"\nverdict ({verdict['rule']} rule, {verdict['status']}): {verdict['text']}")
    if report.mismatches:
        print("MISMATCHES:\n  " + "\n  ".join(report.mismatches))
        return 1
    print("every count matches")
    return 0


def _verdict(api: Api, test_id: int) -> dict[str, Any]:
    return dict(_ok(api.get(f"/ab_tests/{test_id}/statistical_analysis"), 200)["verdict"])


if __name__ == "__main__":
    sys.exit(main())

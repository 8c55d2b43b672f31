"""Property-based fuzzing of the whole API from its own OpenAPI schema (schemathesis), on
SQLite and on PostgreSQL (+ Redis): whatever the input, no 5xx and every answer matches
the schema the API publishes, under every check schemathesis has (status codes, headers,
negative data rejected, ...) but one: "schema-valid data is accepted" cannot hold for rules
JSON Schema cannot state (a timestamp no further ahead than the server's clock allows,
weights only for the hybrid, a variant's strategy among those registered now), which answer
422 by design."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, assume, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import positive_data_acceptance

from app import create_app
from config import Settings

pytestmark = pytest.mark.slow
ADMIN_KEY = "fuzz-admin-key"
# Enough to reach every parameter's edge cases while the run stays within a few minutes.
EXAMPLES_PER_OPERATION = 25
# Starting evaluation runs is minutes of CPU each: fuzzed without the key (a 401) only.
WITHOUT_KEY = {("POST", "/evaluation/runs")}


@pytest.fixture
def api_schema(settings: Settings) -> Iterator[schemathesis.BaseSchema]:
    # No write limit: the fuzzer's bursts are not what the limit is for (tested apart).
    keyed = settings.model_copy(
        update={"admin_api_key": ADMIN_KEY, "change_sync_seconds": 0, "write_rate_limit": ""}
    )
    app = create_app(keyed)
    with TestClient(app) as client:  # runs the lifespan: the live models are built
        items = [
            {"item_id": f"SKU-{i}", "title": f"Thing {i}", "category": "kitchen"} for i in range(8)
        ]
        key = {"X-API-Key": ADMIN_KEY}
        client.post("/items/batch", json={"items": items}, headers=key)
        events = [
            {"user_id": f"u{u}", "item_id": f"SKU-{(u + k) % 8}", "event_type": "click"}
            for u in range(6)
            for k in range(3)
        ]
        client.post("/interactions/batch", json={"interactions": events}, headers=key)
        yield schemathesis.openapi.from_asgi("/openapi.json", app)


def fuzz_operation(operation: Any, headers: dict[str, str], fixed_paths: set[str]) -> None:
    @given(case=operation.as_strategy())
    @hypothesis_settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    def fuzz(case: schemathesis.Case) -> None:
        # GET /items/{item_id} with item_id "popular" is GET /items/popular: another
        # operation, answered (and fuzzed) under its own schema.
        assume(case.formatted_path not in fixed_paths - {operation.path})
        case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance])

    fuzz()


def test_no_input_gets_a_server_error_or_an_off_schema_answer(
    api_schema: schemathesis.BaseSchema,
) -> None:
    # Driven per operation from here rather than through schemathesis' pytest plugin, which
    # does not run under this pytest; hypothesis shrinks any failure to a minimal request.
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) > 20, "the whole API is fuzzed"
    fixed_paths = {operation.path for operation in operations if "{" not in operation.path}
    failures = []
    for operation in operations:
        key = (operation.method.upper(), operation.path)
        try:
            headers = {} if key in WITHOUT_KEY else {"X-API-Key": ADMIN_KEY}
            fuzz_operation(operation, headers, fixed_paths)
        except (Exception, BaseExceptionGroup) as error:  # report every operation's failure
            failures.append(f"{key[0]} {key[1]}: {error}")
    assert not failures, "\n\n".join(failures)

"""The API's own documentation: every operation says what it does, and every request body
has an example a reader can send as it stands, on the sample data (``POST /seed``), from
/docs' "Try it out"."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

# Where a body's example goes, in an order in which each one can succeed.
BODIES = [
    ("post", "/items", 201),
    ("post", "/items/batch", 201),
    ("post", "/interactions", 201),
    ("post", "/interactions/batch", 201),
    ("post", "/evaluation/runs", 202),
    ("post", "/ab_tests", 201),
    ("put", "/ab_tests/{test_id}/weights", 200),
]


def body_example(spec: dict[str, Any], operation: dict[str, Any]) -> Any:
    schema = operation["requestBody"]["content"]["application/json"]["schema"]
    # An optional body is anyOf [the model, null].
    ref = next(s["$ref"] for s in schema.get("anyOf", [schema]) if "$ref" in s)
    component = spec["components"]["schemas"][ref.rsplit("/", 1)[1]]
    return component["examples"][0]


def test_every_operation_is_described(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    undescribed = [
        f"{method.upper()} {path}"
        for path, operations in spec["paths"].items()
        for method, operation in operations.items()
        if not operation.get("description")
    ]
    assert not undescribed


def test_every_body_example_is_accepted_as_it_stands_on_the_sample_data(
    client: TestClient,
) -> None:
    assert client.post("/seed").status_code == 200
    spec = client.get("/openapi.json").json()
    with_bodies = {
        (method, path)
        for path, operations in spec["paths"].items()
        for method, operation in operations.items()
        if "requestBody" in operation
    }
    assert with_bodies == {(method, path) for method, path, _ in BODIES}
    test_id = None
    for method, path, expected in BODIES:
        example = body_example(spec, spec["paths"][path][method])
        url = path.format(test_id=test_id)
        answer = client.request(method.upper(), url, json=example)
        assert answer.status_code == expected, (method, path, answer.text)
        if path == "/ab_tests":
            test_id = answer.json()["id"]

"""Default similar items merge content and co-occurrence on one scale (each strategy's best
match is 1), so a new item that only text knows about is not buried under co-occurrence
scores that live in the tens."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.serving.helpers import item_ids

NEW_CAMERA = {
    "item_id": "elec-900",
    "title": "Mirrorless Camera Body",
    "category": "electronics",
    "price": 799.0,
    "description": "mirrorless camera with 4K video and a flip screen",
}


def similar(client: TestClient, **params: object) -> dict:
    response = client.get("/items/elec-002/similar", params={"n": 24, **params})
    assert response.status_code == 200
    return response.json()


def test_a_new_camera_first_by_content_is_near_the_top_of_the_blend(seeded: TestClient) -> None:
    assert seeded.post("/items", json=NEW_CAMERA).status_code == 201
    by_content = similar(seeded, strategy="content")
    by_co_occurrence = similar(seeded, strategy="item_cf")
    assert item_ids(by_content)[0] == "elec-900"
    assert "elec-900" not in item_ids(by_co_occurrence)  # nobody has touched it yet

    blend = similar(seeded)
    # Both strategies' best matches score 1 and lead the blend (ties by item id).
    top_two = blend["items"][:2]
    assert {item["item_id"] for item in top_two} == {
        item_ids(by_content)[0],
        item_ids(by_co_occurrence)[0],
    }
    assert [item["score"] for item in top_two] == [1.0, 1.0]
    assert all(0 < item["score"] <= 1 for item in blend["items"])
    camera = next(item for item in blend["items"] if item["item_id"] == "elec-900")
    assert camera["via"] == "content"

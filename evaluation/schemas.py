from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class EvaluationRunCreate(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"strategies": ["popular", "cf", "hybrid"]}]}
    )

    strategies: list[str] | None = Field(
        default=None,
        min_length=1,
        description="Registered strategy names; every registered strategy when omitted",
    )
    max_users: int | None = Field(
        default=None, ge=1, description="Rank only this many users (in id order): a quick look"
    )


class StrategyMetrics(BaseModel):
    strategy: str
    users: int = Field(description="Users evaluated (each with at least one test item)")
    ndcg_at_10: float
    recall_at_20: float
    hr_at_10: float
    mrr_at_10: float
    map_at_10: float
    coverage_at_10: float = Field(description="Share of the train items shown in some top 10")
    ild_at_10: float | None = Field(
        default=None, description="Intra-list diversity: mean cosine distance within a top 10"
    )
    novelty_at_10: float | None = Field(
        default=None, description="Mean self-information (bits) of the items shown"
    )
    personalisation_at_10: float | None = Field(
        default=None, description="1 - mean overlap between two users' top 10s"
    )
    fit_seconds: float
    latency_ms_median: float
    latency_ms_p95: float


class EvaluationRunPublic(BaseModel):
    id: str
    status: Literal["running", "done", "failed"]
    progress: float = Field(ge=0, le=1)
    stage: str = Field(description="What the run is doing: `queued`, `cf: rank`, `done` ...")
    strategies: list[str]
    max_users: int | None
    created_at: float
    finished_at: float | None
    error: str | None
    data: dict[str, int] = Field(description="Positives, eligible users and the split's sizes")
    results: list[StrategyMetrics] = Field(description="Per strategy, once the run is done")


class EvaluationRunsPublic(BaseModel):
    runs: list[EvaluationRunPublic] = Field(description="Newest first")

"""Offline evaluation from the API: start a run on the service's own events, poll it."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request, status

from deps import AdminRequired, RecommendationsDep
from evaluation.jobs import EvaluationJobs, NotEnoughData, RunInProgress
from evaluation.schemas import EvaluationRunCreate, EvaluationRunPublic, EvaluationRunsPublic

router = APIRouter(prefix="/evaluation/runs", tags=["evaluation"])


def jobs(request: Request) -> EvaluationJobs:
    evaluations: EvaluationJobs = request.app.state.evaluations
    return evaluations


# A run is minutes of CPU: administrative, like seeding.
@router.post(
    "",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=EvaluationRunPublic,
    dependencies=[AdminRequired],
)
def start_run(
    request: Request, service: RecommendationsDep, body: EvaluationRunCreate | None = None
) -> dict[str, Any]:
    """Queues the protocol of EVALUATION.md (clicks, add-to-carts and purchases are the
    positives) for the named strategies; the builder's job process runs it. Poll the id."""
    known = [entry["name"] for entry in service.strategies()]
    chosen = (body.strategies if body else None) or known
    unknown = sorted(set(chosen) - set(known))
    if unknown:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            f"unknown strategies {unknown}; known: {', '.join(known)}",
        )
    try:
        return jobs(request).start(
            list(dict.fromkeys(chosen)), max_users=body.max_users if body else None
        )
    except (NotEnoughData, RunInProgress) as error:
        raise HTTPException(status.HTTP_409_CONFLICT, str(error)) from error


@router.get("", response_model=EvaluationRunsPublic)
def list_runs(request: Request) -> dict[str, Any]:
    """The newest runs first (at most 50), finished or not; they outlive restarts."""
    return {"runs": jobs(request).list()}


@router.get("/{run_id}", response_model=EvaluationRunPublic)
def get_run(run_id: str, request: Request) -> dict[str, Any]:
    """One run: its state and progress while it runs, then every strategy's figures."""
    run = jobs(request).get(run_id)
    if run is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no evaluation run {run_id!r}")
    return run

"""The offline protocol of EVALUATION.md: split, rank, score, for any registered strategy."""

from evaluation.metrics import ranking_metrics
from evaluation.protocol import Split, temporal_split
from evaluation.runner import EvaluationReport, StrategyResult, evaluate

__all__ = [
    "EvaluationReport",
    "Split",
    "StrategyResult",
    "evaluate",
    "ranking_metrics",
    "temporal_split",
]

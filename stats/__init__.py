"""Pure statistics for A/B tests: no database, no web framework.

``analyze_experiment`` takes per-variant sufficient statistics and returns every figure and
the verdict; the modules below hold the individual procedures.
"""

from stats.bayesian import BayesianResult, GaussianPrior, bayesian_effect
from stats.cuped import CupedSummary
from stats.estimates import InsufficientDataError, MeanSummary, ProportionSummary, RatioSummary
from stats.experiment import (
    AnalysisSettings,
    ExperimentAnalysis,
    MetricSpec,
    VariantInput,
    analyze_experiment,
)
from stats.interpretation import Decision

__all__ = [
    "AnalysisSettings",
    "BayesianResult",
    "CupedSummary",
    "Decision",
    "ExperimentAnalysis",
    "GaussianPrior",
    "InsufficientDataError",
    "MeanSummary",
    "MetricSpec",
    "ProportionSummary",
    "RatioSummary",
    "VariantInput",
    "analyze_experiment",
    "bayesian_effect",
]

"""Pure statistics for A/B tests: no database, no web framework.

``analyze_experiment`` takes per-variant sufficient statistics and returns every figure and
the verdict; the modules below hold the individual procedures.
"""

from stats.bayesian import BayesianResult, GaussianPrior, bayesian_effect
from stats.beta_binomial import BetaBinomialResult, beta_binomial_analysis
from stats.cuped import CupedSummary
from stats.effect_sizes import CohensD, cohens_d, cohens_h
from stats.estimates import InsufficientDataError, MeanSummary, ProportionSummary, RatioSummary
from stats.experiment import (
    AnalysisSettings,
    ExperimentAnalysis,
    MetricSpec,
    VariantInput,
    analyze_experiment,
)
from stats.formatting import format_p_value
from stats.interleaving import (
    InterleavedList,
    SignTestResult,
    impression_outcomes,
    interleaving_sign_test,
    team_draft_interleave,
)
from stats.interpretation import Decision
from stats.power import (
    PlannedSampleSize,
    planned_sample_size,
    planned_sample_size_for_rate,
)
from stats.replay import ReplayResult, replay_ctr

__all__ = [
    "AnalysisSettings",
    "BayesianResult",
    "BetaBinomialResult",
    "CohensD",
    "CupedSummary",
    "Decision",
    "ExperimentAnalysis",
    "GaussianPrior",
    "InsufficientDataError",
    "InterleavedList",
    "MeanSummary",
    "MetricSpec",
    "PlannedSampleSize",
    "ProportionSummary",
    "RatioSummary",
    "ReplayResult",
    "SignTestResult",
    "VariantInput",
    "analyze_experiment",
    "bayesian_effect",
    "beta_binomial_analysis",
    "cohens_d",
    "cohens_h",
    "format_p_value",
    "impression_outcomes",
    "interleaving_sign_test",
    "planned_sample_size",
    "planned_sample_size_for_rate",
    "replay_ctr",
    "team_draft_interleave",
]

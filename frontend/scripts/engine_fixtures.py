"""Writes src/lib/fixtures/engine-analysis*.json: the statistics engine's own output, which the
dashboard's analysis reader is tested on. Run from the project root after the engine changes:

    PYTHONPATH=. .venv/bin/python frontend/scripts/engine_fixtures.py
"""

import json
from pathlib import Path

from stats.estimates import MeanSummary, ProportionSummary
from stats.experiment import AnalysisSettings, MetricSpec, VariantInput, analyze_experiment

FIXTURES = Path(__file__).resolve().parent.parent / "src" / "lib" / "fixtures"

# A clear winner on the primary metric, with a second (mean) metric beside it.
ship = analyze_experiment(
    [
        VariantInput(
            "control",
            1000,
            0.5,
            {"conversion": ProportionSummary(1000, 100), "revenue": MeanSummary(1000, 5000.0, 60000.0)},
        ),
        VariantInput(
            "treatment",
            1010,
            0.5,
            {"conversion": ProportionSummary(1010, 135), "revenue": MeanSummary(1010, 5200.0, 63000.0)},
        ),
    ],
    [MetricSpec("conversion", "conversion rate"), MetricSpec("revenue", "revenue per user")],
    AnalysisSettings(daily_enrolment_rate=300),
)
# Too early to call: the verdict asks for more users and days.
too_early = analyze_experiment(
    [
        VariantInput("control", 200, 0.5, {"conversion": ProportionSummary(200, 20)}),
        VariantInput("treatment", 205, 0.5, {"conversion": ProportionSummary(205, 24)}),
    ],
    [MetricSpec("conversion", "conversion rate")],
    AnalysisSettings(daily_enrolment_rate=100),
)
for name, analysis in (("engine-analysis", ship), ("engine-analysis-too-early", too_early)):
    (FIXTURES / f"{name}.json").write_text(json.dumps(analysis.to_dict(), indent=2) + "\n")

"""Turn an ``EvaluationReport`` into what people compare: a table, JSON and a chart."""

from __future__ import annotations

import json
from pathlib import Path

from evaluation.runner import EvaluationReport

METRICS = ["ndcg@10", "recall@20", "hr@10", "mrr@10", "map@10", "coverage@10"]
# Present when the run computed them (tuning does not).
LIST_METRICS = ["ild@10", "novelty@10", "personalisation@10"]


def table(report: EvaluationReport, markdown: bool = False) -> str:
    shown = METRICS + [m for m in LIST_METRICS if all(m in r.metrics for r in report.results)]
    header = ["strategy", *shown, "users", "fit s", "p50 ms", "p95 ms"]
    rows = [
        [
            r.strategy,
            *(f"{r.metrics[m]:.4f}" for m in shown),
            str(r.users),
            f"{r.fit_seconds:.2f}",
            f"{r.latency_ms_median:.2f}",
            f"{r.latency_ms_p95:.2f}",
        ]
        for r in sorted(report.results, key=lambda r: -r.metrics["ndcg@10"])
    ]
    if markdown:
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in rows])
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    return "\n".join(
        "  ".join(
            cell.rjust(width) if i else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        )
        for row in [header, *rows]
    )


def write_json(report: EvaluationReport, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report.to_dict(), indent=2) + "\n")


def draw_chart(report: EvaluationReport, path: Path) -> None:
    """Grouped bars: NDCG@10, Recall@20 and Coverage@10 per strategy."""
    import matplotlib

    matplotlib.use("Agg")  # files only, no display
    import matplotlib.pyplot as plt
    import numpy as np

    results = sorted(report.results, key=lambda r: -r.metrics["ndcg@10"])
    names = [r.strategy for r in results]
    shown = ["ndcg@10", "recall@20", "coverage@10"]
    positions = np.arange(len(names))
    width = 0.27
    figure, axis = plt.subplots(figsize=(max(6.0, 1.1 * len(names) + 2), 4.2))
    for offset, metric in enumerate(shown):
        values = [r.metrics[metric] for r in results]
        bars = axis.bar(positions + (offset - 1) * width, values, width, label=metric)
        axis.bar_label(bars, fmt="%.3f", fontsize=7, rotation=90, padding=2)
    axis.set_xticks(positions, names)
    axis.set_ylabel("score (mean over users)")
    axis.set_title(f"{report.dataset or 'data'}: {report.split} split, {report.users} users")
    axis.legend()
    axis.margins(y=0.2)
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=120)
    plt.close(figure)

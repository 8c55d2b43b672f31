import {
  isQualityMetric,
  metricLabel,
  metricNames,
  runFinished,
  runProgress,
  strategyScores,
} from "./evaluation";

describe("strategyScores", () => {
  it("reads a list of strategies with nested metrics", () => {
    const rows = strategyScores([
      { strategy: "cf", metrics: { ndcg_at_10: 0.1, recall_at_20: 0.2 } },
      { strategy: "popular", ndcg_at_10: 0.05, coverage_at_10: 0.01, users: 50 },
    ]);
    expect(rows).toEqual([
      { strategy: "cf", metrics: { ndcg_at_10: 0.1, recall_at_20: 0.2 } },
      { strategy: "popular", metrics: { ndcg_at_10: 0.05, coverage_at_10: 0.01, users: 50 } },
    ]);
  });

  it("reads strategies keyed by name", () => {
    expect(strategyScores({ content: { ndcg_at_10: 0.02 } })).toEqual([
      { strategy: "content", metrics: { ndcg_at_10: 0.02 } },
    ]);
  });
});

describe("metricNames", () => {
  it("puts the headline metrics first, then the rest alphabetically", () => {
    const names = metricNames([
      { strategy: "a", metrics: { users: 1, recall_at_20: 0.1, map_at_10: 0.2 } },
      { strategy: "b", metrics: { ndcg_at_10: 0.1 } },
    ]);
    expect(names).toEqual(["ndcg_at_10", "recall_at_20", "map_at_10", "users"]);
  });
});

describe("run state", () => {
  it("reads progress as a fraction and clamps it", () => {
    expect(runProgress({ progress: 0.25 })).toBe(0.25);
    expect(runProgress({ progress: 40 })).toBe(0.4);
    expect(runProgress({})).toBe(0);
  });

  it("tells running, done and failed apart", () => {
    expect(runFinished({ status: "running", progress: 0.5 })).toBe("running");
    expect(runFinished({ status: "completed" })).toBe("done");
    expect(runFinished({ status: "failed", error: "no data" })).toBe("failed");
    expect(runFinished({ progress: 1 })).toBe("done");
  });
});

describe("metric labels", () => {
  it("writes ranking metrics the way papers do", () => {
    expect(metricLabel("ndcg_at_10")).toBe("NDCG@10");
    expect(metricLabel("recall_at_20")).toBe("Recall@20");
    expect(metricLabel("latency_ms_p95")).toBe("Latency ms p95");
    expect(isQualityMetric("coverage_at_10")).toBe(true);
    expect(isQualityMetric("fit_seconds")).toBe(false);
  });
});

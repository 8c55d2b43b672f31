/** Reads an evaluation run's results into one row per strategy with its numeric metrics. */
import { humanize, isObject, type Json, namedRows, num, pickNum, pickStr } from "./shape";

export interface StrategyScores {
  strategy: string;
  metrics: Record<string, number>;
}

/** The metrics the chart leads with, in this order, when the run reports them. */
export const HEADLINE_METRICS = ["ndcg_at_10", "recall_at_20", "coverage_at_10"];

export function strategyScores(results: unknown): StrategyScores[] {
  const rows = namedRows(results, "strategy", "results", "strategies", "rows");
  return rows.map((row: Json) => {
    const metrics: Record<string, number> = {};
    const source = isObject(row.metrics) ? { ...row, ...row.metrics } : row;
    for (const [key, value] of Object.entries(source)) {
      const n = num(value);
      if (n !== undefined && key !== "id") metrics[key] = n;
    }
    return { strategy: pickStr(row, "strategy", "name") ?? "?", metrics };
  });
}

export function metricNames(rows: StrategyScores[]): string[] {
  const seen = new Set<string>();
  for (const row of rows) for (const name of Object.keys(row.metrics)) seen.add(name);
  const rest = [...seen].filter((name) => !HEADLINE_METRICS.includes(name)).sort();
  return [...HEADLINE_METRICS.filter((name) => seen.has(name)), ...rest];
}

/** Progress as a fraction in [0, 1]; a run that reports percent is scaled down. */
export function runProgress(run: unknown): number {
  const value = pickNum(run, "progress", "fraction_done");
  if (value === undefined) return 0;
  const fraction = value > 1 ? value / 100 : value;
  return Math.min(1, Math.max(0, fraction));
}

export function runFinished(run: unknown): "running" | "done" | "failed" {
  const status = (pickStr(run, "status", "state") ?? "").toLowerCase();
  if (["failed", "error", "errored", "cancelled"].includes(status)) return "failed";
  if (["done", "finished", "completed", "complete", "succeeded", "success"].includes(status))
    return "done";
  if (!status && runProgress(run) >= 1) return "done";
  return "running";
}

const ABBREVIATIONS: Record<string, string> = { ndcg: "NDCG", hr: "HR", map: "MAP", mrr: "MRR" };

/** "ndcg_at_10" -> "NDCG@10", "latency_ms_p95" -> "Latency ms p95". */
export function metricLabel(name: string): string {
  const ranked = /^([a-z]+)_at_(\d+)$/.exec(name);
  if (ranked?.[1] && ranked[2]) {
    const base = ABBREVIATIONS[ranked[1]] ?? humanize(ranked[1]);
    return `${base}@${ranked[2]}`;
  }
  return humanize(name);
}

/** Ranking-quality metrics, where higher is better and the best value is marked. */
export function isQualityMetric(name: string): boolean {
  return /_at_\d+$/.test(name);
}

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

/** What each metric measures, in a sentence, for the glossary beside the table. */
export const GLOSSARY: Record<string, string> = {
  ndcg_at_10:
    "How high the held-out items rank in the top 10, counting a hit at rank 1 most (1 = all at the top).",
  recall_at_20: "Share of each user's held-out items found anywhere in their top 20.",
  hr_at_10: "Hit rate: share of users with at least one held-out item in their top 10.",
  mrr_at_10: "Mean reciprocal rank: 1 / the rank of the first hit in the top 10, averaged.",
  map_at_10: "Mean average precision: precision at each hit in the top 10, averaged.",
  coverage_at_10: "Share of the catalogue that appears in anyone's top 10 (at most 1).",
  intra_list_diversity_at_10: "How different the items within one list are from each other.",
  intra_list_diversity: "How different the items within one list are from each other.",
  novelty_at_10: "How unpopular (less obvious) the recommended items are, on average.",
  novelty: "How unpopular (less obvious) the recommended items are, on average.",
  personalisation_at_10: "How different the lists of two users are (0 = everyone gets the same).",
  personalization_at_10: "How different the lists of two users are (0 = everyone gets the same).",
  personalisation: "How different the lists of two users are (0 = everyone gets the same).",
  personalization: "How different the lists of two users are (0 = everyone gets the same).",
  users: "Users evaluated: each has at least one held-out item.",
  fit_seconds: "Seconds to train the strategy on the training split.",
  latency_ms_median: "Median milliseconds to rank one user.",
  latency_ms_p95: "95th-percentile milliseconds to rank one user.",
};

/** The strategy with the highest NDCG@10 (else the first quality metric), and its value. */
export function bestStrategy(
  rows: StrategyScores[],
): { strategy: string; metric: string; value: number } | undefined {
  const metric =
    ["ndcg_at_10", ...metricNames(rows).filter(isQualityMetric)].find((name) =>
      rows.some((row) => row.metrics[name] !== undefined),
    ) ?? undefined;
  if (!metric) return undefined;
  let best: { strategy: string; metric: string; value: number } | undefined;
  for (const row of rows) {
    const value = row.metrics[metric];
    if (value !== undefined && (best === undefined || value > best.value)) {
      best = { strategy: row.strategy, metric, value };
    }
  }
  return best;
}

/**
 * A warning when the lists are about as long as the catalogue: then any strategy finds
 * most held-out items and covers most items, and the figures stop telling strategies apart.
 */
export function catalogueWarning(data: unknown, metrics: string[]): string | undefined {
  const items = pickNum(data, "train_items", "items", "catalog_items", "catalogue_items");
  const cutoffs = metrics
    .map((name) => /_at_(\d+)$/.exec(name)?.[1])
    .filter((k): k is string => k !== undefined)
    .map(Number);
  if (items === undefined || cutoffs.length === 0) return undefined;
  const k = Math.max(...cutoffs);
  if (items > 3 * k) return undefined;
  return `The catalogue has ${items} items and lists of up to ${k} are scored: each list holds ${
    k >= items ? "the whole" : `${Math.round((k / items) * 100)}% of the`
  } catalogue, so recall, hit rate and coverage are near their best for any strategy. Compare strategies on a catalogue many times larger than ${k}.`;
}

/** A finished run as the service keeps it (``GET /evaluation/runs``, newest first). */
export interface PastRun {
  id: string;
  finishedAt?: number;
  results: unknown;
  data: unknown;
}

/** The finished runs of the service's list, newest first. */
export function pastRuns(body: unknown): PastRun[] {
  const runs = isObject(body) && Array.isArray(body.runs) ? body.runs : [];
  return runs
    .filter((run): run is Record<string, unknown> => isObject(run) && run.status === "done")
    .map((run) => ({
      id: String(run.id),
      finishedAt: typeof run.finished_at === "number" ? run.finished_at : undefined,
      results: run.results,
      data: run.data,
    }));
}

/** One served strategy as the "Served models" table shows it. */
export interface ServedModel {
  strategy: string;
  /** "name=value" pairs; the hybrid's blend as "component weight" pairs. */
  parameters: string[];
  ndcg?: number;
  best: boolean;
}

function parameterText(value: unknown): string {
  if (value === null || value === undefined) return "none";
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
    return String(value);
  }
  return JSON.stringify(value);
}

/** Per served strategy: its parameters and its validation NDCG@10 (when the builder tuned). */
export function servedModels(status: {
  parameters?: Record<string, Record<string, unknown>>;
  tuning?: { best?: string | null; validation?: Record<string, Record<string, number>> };
}): ServedModel[] {
  const validation = status.tuning?.validation ?? {};
  return Object.entries(status.parameters ?? {}).map(([strategy, params]) => {
    const weights = params.weights;
    // The blend's components are listed with their own parameters in their rows.
    const rest = Object.entries(params).filter(
      ([name]) => name !== "weights" && name !== "component_params",
    );
    const blend = isObject(weights)
      ? Object.entries(weights).map(([part, weight]) => `${part} ${parameterText(weight)}`)
      : [];
    return {
      strategy,
      parameters: [...blend, ...rest.map(([name, value]) => `${name}=${parameterText(value)}`)],
      ndcg: validation[strategy]?.["ndcg@10"],
      best: status.tuning?.best === strategy,
    };
  });
}

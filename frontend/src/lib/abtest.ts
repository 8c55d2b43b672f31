/**
 * Turns the A/B endpoints' JSON into what the A/B view draws: one row per variant, one per
 * compared metric, a CTR series per day, and the verdict. The statistics are the service's;
 * the only figure computed here is a Wilson interval for a variant's CTR when the service
 * did not send one, so the chart can still show how uncertain each bar is.
 */
import { humanize, isObject, type Json, namedRows, pickNum, pickStr } from "./shape";

export interface VariantRow {
  variant: string;
  strategy?: string;
  users?: number;
  impressions?: number;
  clicks?: number;
  purchases?: number;
  ctr?: number;
  ctrLow?: number;
  ctrHigh?: number;
  conversionRate?: number;
  engagementSeconds?: number;
  revenuePerUser?: number;
  revenue?: number;
  /** Serving health of the variant's lists: p95 latency, cache hits, fallback answers. */
  p95LatencyMs?: number;
  cacheHitRate?: number;
  fallbackShare?: number;
}

/** Wilson score interval for k successes out of n (95% by default). */
export function wilsonInterval(successes: number, trials: number, z = 1.959964): [number, number] {
  if (trials <= 0) return [0, 1];
  const p = successes / trials;
  const z2 = z * z;
  const centre = (p + z2 / (2 * trials)) / (1 + z2 / trials);
  const half =
    (z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials))) / (1 + z2 / trials);
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/** CTR by rank in the list, one column per variant: does a variant win only at the top? */
export function ctrByPosition(results: unknown): { points: Json[]; variants: string[] } {
  const byPosition = new Map<number, Json>();
  const variants: string[] = [];
  for (const row of namedRows(results, "variant", "variants", "results")) {
    const variant = pickStr(row, "variant", "name");
    if (!variant || !Array.isArray(row.ctr_by_position)) continue;
    variants.push(variant);
    for (const cell of row.ctr_by_position.filter(isObject)) {
      const position = pickNum(cell, "position");
      const ctr = pickNum(cell, "ctr");
      if (position === undefined || ctr === undefined) continue;
      // Positions are 0-based on the wire; people count from 1.
      const point = byPosition.get(position) ?? { position: position + 1 };
      point[variant] = ctr;
      byPosition.set(position, point);
    }
  }
  const points = [...byPosition.entries()].sort((a, b) => a[0] - b[0]).map(([, point]) => point);
  return { points, variants };
}

export function variantRows(results: unknown): VariantRow[] {
  return namedRows(results, "variant", "variants", "results").map((row) => {
    const impressions = pickNum(row, "impressions");
    const clicks = pickNum(row, "clicks");
    let ctr = pickNum(row, "ctr", "click_through_rate");
    if (ctr === undefined && impressions && clicks !== undefined) ctr = clicks / impressions;
    let ctrLow = pickNum(row, "ctr_ci_low", "ctr_low");
    let ctrHigh = pickNum(row, "ctr_ci_high", "ctr_high");
    if ((ctrLow === undefined || ctrHigh === undefined) && impressions && clicks !== undefined) {
      [ctrLow, ctrHigh] = wilsonInterval(clicks, impressions);
    }
    return {
      variant: pickStr(row, "variant", "name") ?? "?",
      strategy: pickStr(row, "strategy"),
      users: pickNum(row, "exposed_users", "users", "assigned_users"),
      impressions,
      clicks,
      purchases: pickNum(row, "purchases", "conversions"),
      ctr,
      ctrLow,
      ctrHigh,
      conversionRate: pickNum(row, "conversion_rate"),
      engagementSeconds: pickNum(
        row,
        "mean_engagement_seconds",
        "engagement_seconds",
        "engagement",
      ),
      revenuePerUser: pickNum(row, "revenue_per_user"),
      revenue: pickNum(row, "revenue"),
      p95LatencyMs: pickNum(row.serving, "p95_latency_ms"),
      cacheHitRate: pickNum(row.serving, "cache_hit_rate"),
      fallbackShare: pickNum(row.serving, "fallback_share"),
    };
  });
}

export interface MetricComparison {
  metric: string;
  label: string;
  primary: boolean;
  /** The treatment variant compared with control. */
  variant?: string;
  control?: number;
  treatment?: number;
  pValue?: number;
  /** Interval of the absolute difference, treatment minus control. */
  ciLow?: number;
  ciHigh?: number;
  relativeLift?: number;
  relativeCiLow?: number;
  relativeCiHigh?: number;
  significant?: boolean;
  sequential?: Json;
  bayesian?: Json;
  moreUsersNeeded?: number;
  daysNeeded?: number;
  reason?: string;
  /** "proportion", "ratio", "mean", ...: the unit follows from it. */
  kind?: string;
  unit?: string;
  higherIsBetter?: boolean;
  /** "primary", "guardrail" or "secondary" when the service says so. */
  role?: string;
  /** This comparison's own decision, when the service gives one. */
  decision?: string;
  /** The test that decided: "sequential" (always valid) or a fixed-horizon one. */
  decisionBasis?: string;
  decisionPValue?: number;
  adjustment?: string;
  /** The always-valid interval of the relative lift. */
  sequentialLow?: number;
  sequentialHigh?: number;
}

/** One variant's value of one metric with its own interval, as the engine reports it. */
export interface ArmValue {
  variant: string;
  users?: number;
  value?: number;
  ciLow?: number;
  ciHigh?: number;
}

export interface MetricArms {
  metric: string;
  label: string;
  primary: boolean;
  arms: ArmValue[];
}

export interface SrmCheck {
  ok: boolean;
  checked?: boolean;
  pValue?: number;
  message?: string;
}

export interface Analysis {
  verdict?: string;
  decision?: string;
  recommendedVariant?: string;
  metrics: MetricComparison[];
  arms: MetricArms[];
  srm?: SrmCheck;
  usersNeeded?: number;
  daysNeeded?: number;
  /** The rule the test decides by ("sequential", "fixed_horizon", ...). */
  decisionMethod?: string;
  primaryMetric?: string;
  alpha?: number;
  plannedUsersPerVariant?: number;
  /** Users in the test, summed over the variants (undefined when not reported). */
  totalUsers?: number;
  notes: string[];
  raw: unknown;
}

function comparisonRow(name: string, label: string, primary: boolean, row: Json): MetricComparison {
  const significant = row.significant ?? row.is_significant;
  // The engine nests the relative lift as {estimate, ci_low, ci_high}; flat forms are read too.
  const lift = isObject(row.relative_lift) ? row.relative_lift : undefined;
  const sampleSize = isObject(row.sample_size) ? row.sample_size : undefined;
  return {
    metric: name,
    label,
    primary,
    variant: pickStr(row, "treatment", "variant", "treatment_variant"),
    control: pickNum(row, "control_value", "control_rate", "control_mean"),
    treatment: pickNum(row, "treatment_value", "treatment_rate", "treatment_mean"),
    pValue: pickNum(row, "p_value", "decision_p_value", "pvalue"),
    ciLow: pickNum(row, "ci_low"),
    ciHigh: pickNum(row, "ci_high"),
    relativeLift: lift ? pickNum(lift, "estimate") : pickNum(row, "relative_lift", "lift"),
    relativeCiLow: lift ? pickNum(lift, "ci_low") : pickNum(row, "relative_ci_low"),
    relativeCiHigh: lift ? pickNum(lift, "ci_high") : pickNum(row, "relative_ci_high"),
    significant: typeof significant === "boolean" ? significant : undefined,
    sequential: isObject(row.sequential) ? row.sequential : undefined,
    bayesian: isObject(row.bayesian) ? row.bayesian : undefined,
    moreUsersNeeded:
      pickNum(sampleSize, "more_users_needed_per_variant") ?? pickNum(row, "users_needed"),
    daysNeeded: pickNum(sampleSize, "days_needed"),
    reason: pickStr(row, "reason_detail", "reason"),
    decision: pickStr(row, "decision"),
    decisionBasis: pickStr(row, "decision_basis"),
    decisionPValue: pickNum(row, "decision_p_value_adjusted", "decision_p_value"),
    adjustment: pickStr(row, "adjustment_method"),
    sequentialLow: pickNum(row.sequential, "ci_low"),
    sequentialHigh: pickNum(row.sequential, "ci_high"),
  };
}

/** Metrics as the engine lists them (each with its arms and comparisons), or keyed by name. */
function readMetrics(body: Json): { comparisons: MetricComparison[]; arms: MetricArms[] } {
  const comparisons: MetricComparison[] = [];
  const arms: MetricArms[] = [];
  const source = body.metrics ?? body.comparisons;
  const entries: [string, unknown][] = Array.isArray(source)
    ? source.filter(isObject).map((row) => [pickStr(row, "metric", "name") ?? "metric", row])
    : isObject(source)
      ? Object.entries(source)
      : [];
  entries.forEach(([name, value], index) => {
    const rows = Array.isArray(value) ? value.filter(isObject) : isObject(value) ? [value] : [];
    for (const row of rows) {
      const label = pickStr(row, "label") ?? humanize(name);
      const primary = typeof row.primary === "boolean" ? row.primary : index === 0;
      const describe = (comparison: MetricComparison): MetricComparison => ({
        ...comparison,
        kind: pickStr(row, "kind"),
        unit: pickStr(row, "unit"),
        higherIsBetter:
          typeof row.higher_is_better === "boolean" ? row.higher_is_better : undefined,
        role: pickStr(row, "role") ?? (row.guardrail === true ? "guardrail" : undefined),
      });
      if (Array.isArray(row.comparisons)) {
        for (const comparison of row.comparisons.filter(isObject)) {
          comparisons.push(describe(comparisonRow(name, label, primary, comparison)));
        }
      } else comparisons.push(describe(comparisonRow(name, label, primary, row)));
      if (Array.isArray(row.variants)) {
        arms.push({
          metric: name,
          label,
          primary,
          arms: row.variants.filter(isObject).map((arm) => ({
            variant: pickStr(arm, "variant", "name") ?? "?",
            users: pickNum(arm, "users"),
            value: pickNum(arm, "value"),
            ciLow: pickNum(arm, "ci_low"),
            ciHigh: pickNum(arm, "ci_high"),
          })),
        });
      }
    }
  });
  return { comparisons, arms };
}

function readSrm(body: Json): SrmCheck | undefined {
  const srm = body.sample_ratio ?? body.srm ?? body.sample_ratio_mismatch;
  if (!isObject(srm)) return undefined;
  const pValue = pickNum(srm, "p_value", "pvalue");
  const flagged = srm.mismatch ?? srm.srm ?? srm.detected;
  let ok: boolean;
  if (typeof flagged === "boolean") ok = !flagged;
  else if (typeof srm.ok === "boolean") ok = srm.ok;
  else ok = pValue === undefined ? true : pValue >= 0.001;
  return {
    ok,
    checked: typeof srm.checked === "boolean" ? srm.checked : undefined,
    pValue,
    message: pickStr(srm, "explanation", "message", "note"),
  };
}

export function readAnalysis(body: unknown): Analysis {
  if (!isObject(body)) return { metrics: [], arms: [], notes: [], raw: body };
  // The engine's analysis may come as the whole answer or under "analysis".
  const root = isObject(body.analysis) ? { ...body, ...body.analysis } : body;
  const verdict = root.verdict;
  const verdictObject = isObject(verdict) ? verdict : undefined;
  const { comparisons, arms } = readMetrics(root);
  const primary = comparisons.filter((comparison) => comparison.primary);
  const needed = primary
    .map((comparison) => comparison.moreUsersNeeded)
    .filter((n): n is number => n !== undefined);
  const days = primary
    .map((comparison) => comparison.daysNeeded)
    .filter((n): n is number => n !== undefined);
  const notes = Array.isArray(root.notes)
    ? root.notes.filter((note): note is string => typeof note === "string")
    : [];
  return {
    verdict:
      typeof verdict === "string"
        ? verdict
        : (pickStr(verdictObject, "text", "message", "summary") ?? pickStr(root, "summary")),
    decision: pickStr(verdictObject, "decision") ?? pickStr(root, "decision"),
    recommendedVariant: pickStr(verdictObject, "recommended_variant"),
    metrics: comparisons,
    arms,
    srm: readSrm(root),
    usersNeeded:
      pickNum(root, "users_needed", "more_users_needed_per_variant") ??
      (needed.length > 0 ? Math.max(...needed) : undefined),
    daysNeeded: pickNum(root, "days_needed") ?? (days.length > 0 ? Math.max(...days) : undefined),
    decisionMethod:
      pickStr(root, "decision_method", "decision_rule") ??
      pickStr(root.decision_rule, "rule", "method"),
    primaryMetric: pickStr(root, "primary_metric"),
    alpha: pickNum(root, "alpha"),
    plannedUsersPerVariant:
      pickNum(root, "planned_users_per_variant", "planned_sample_size") ??
      pickNum(root.plan, "users_per_variant", "planned_users_per_variant") ??
      pickNum(root.decision_rule, "planned_users_per_variant", "users_per_variant"),
    totalUsers: Array.isArray(root.allocation)
      ? root.allocation.filter(isObject).reduce((sum, row) => sum + (pickNum(row, "users") ?? 0), 0)
      : undefined,
    notes,
    raw: body,
  };
}

export interface TrendPoint {
  day: string;
  [variant: string]: number | string;
}

/** Pivot metrics_over_time into one point per bucket with a CTR column per variant. */
export function ctrTrend(body: unknown): { points: TrendPoint[]; variants: string[] } {
  const rows = namedRows(body, "variant", "variants", "series", "buckets", "points");
  const flat: Json[] = [];
  for (const row of rows) {
    // Either flat rows or one row per variant holding its own list of buckets.
    const nested = row.points ?? row.buckets ?? row.series;
    if (Array.isArray(nested)) {
      for (const point of nested.filter(isObject)) flat.push({ variant: row.variant, ...point });
    } else flat.push(row);
  }
  const byDay = new Map<string, TrendPoint>();
  const variants = new Set<string>();
  for (const row of flat) {
    const day = pickStr(row, "bucket", "date", "day", "period", "time", "start");
    const variant = pickStr(row, "variant", "name");
    if (!day || !variant) continue;
    let ctr = pickNum(row, "ctr");
    const impressions = pickNum(row, "impressions");
    const clicks = pickNum(row, "clicks");
    if (ctr === undefined && impressions && clicks !== undefined) ctr = clicks / impressions;
    if (ctr === undefined) continue;
    variants.add(variant);
    const key = day.slice(0, 10);
    const point = byDay.get(key) ?? { day: key };
    point[variant] = ctr;
    byDay.set(key, point);
  }
  const points = [...byDay.values()].sort((a, b) => a.day.localeCompare(b.day));
  return { points, variants: [...variants] };
}

/**
 * Turns the A/B endpoints' JSON into what the A/B view draws: one row per variant, one per
 * compared metric, a CTR series per day, and the verdict. The statistics are the service's;
 * the only figure computed here is a Wilson interval for a variant's CTR when the service
 * did not send one, so the chart can still show how uncertain each bar is.
 */
import { humanize, isObject, type Json, namedRows, num, pickNum, pickStr } from "./shape";

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
      revenuePerUser: pickNum(row, "revenue_per_user", "revenue"),
    };
  });
}

export interface MetricComparison {
  metric: string;
  label: string;
  variant?: string;
  control?: number;
  treatment?: number;
  pValue?: number;
  ciLow?: number;
  ciHigh?: number;
  relativeLift?: number;
  relativeCiLow?: number;
  relativeCiHigh?: number;
  significant?: boolean;
  test?: string;
}

function metricRow(name: string, row: Json): MetricComparison {
  const significant = row.significant ?? row.is_significant;
  return {
    metric: name,
    label: pickStr(row, "label", "metric_label") ?? humanize(name),
    variant: pickStr(row, "variant", "treatment_variant", "treatment"),
    control: pickNum(row, "control_value", "control_rate", "control_mean", "control"),
    treatment: pickNum(row, "treatment_value", "treatment_rate", "treatment_mean", "treatment"),
    pValue: pickNum(row, "p_value", "pvalue"),
    ciLow: pickNum(row, "ci_low"),
    ciHigh: pickNum(row, "ci_high"),
    relativeLift: pickNum(row, "relative_lift", "lift"),
    relativeCiLow: pickNum(row, "relative_ci_low", "lift_ci_low"),
    relativeCiHigh: pickNum(row, "relative_ci_high", "lift_ci_high"),
    significant: typeof significant === "boolean" ? significant : undefined,
    test: pickStr(row, "test", "method"),
  };
}

export interface SrmCheck {
  ok: boolean;
  pValue?: number;
  message?: string;
}

export interface Analysis {
  verdict?: string;
  decision?: string;
  metrics: MetricComparison[];
  srm?: SrmCheck;
  sequential?: Json;
  bayesian?: Json;
  usersNeeded?: number;
  daysNeeded?: number;
  raw: unknown;
}

function readMetrics(body: Json): MetricComparison[] {
  const source = body.metrics ?? body.tests ?? body.comparisons;
  if (Array.isArray(source)) {
    return source
      .filter(isObject)
      .map((row) => metricRow(pickStr(row, "metric", "name") ?? "metric", row));
  }
  if (isObject(source)) {
    const rows: MetricComparison[] = [];
    for (const [name, value] of Object.entries(source)) {
      // Either {"ctr": {...}} or {"ctr": [{variant: "v2", ...}, ...]} with several treatments.
      if (isObject(value)) rows.push(metricRow(name, value));
      else if (Array.isArray(value)) {
        for (const entry of value.filter(isObject)) rows.push(metricRow(name, entry));
      }
    }
    return rows;
  }
  return [];
}

function readSrm(body: Json): SrmCheck | undefined {
  const srm = body.srm ?? body.sample_ratio_mismatch ?? body.sample_ratio;
  if (!isObject(srm)) return undefined;
  const pValue = pickNum(srm, "p_value", "pvalue");
  const flagged = srm.mismatch ?? srm.srm ?? srm.detected ?? srm.failed;
  const passed = srm.ok ?? srm.passed;
  let ok: boolean;
  if (typeof passed === "boolean") ok = passed;
  else if (typeof flagged === "boolean") ok = !flagged;
  else ok = pValue === undefined ? true : pValue >= 0.001;
  return { ok, pValue, message: pickStr(srm, "message", "explanation", "verdict", "note") };
}

function readVerdict(body: Json): string | undefined {
  const verdict = body.verdict ?? body.conclusion ?? body.summary;
  if (typeof verdict === "string") return verdict;
  if (isObject(verdict)) return pickStr(verdict, "text", "message", "summary", "sentence");
  return undefined;
}

function readUsersNeeded(body: Json): number | undefined {
  const direct = pickNum(
    body,
    "users_needed",
    "additional_users_needed",
    "users_needed_per_variant",
  );
  if (direct !== undefined) return direct;
  for (const key of ["sample_size", "power", "verdict"]) {
    const nested = pickNum(body[key], "users_needed", "additional_users_per_variant", "more_users");
    if (nested !== undefined) return nested;
  }
  return undefined;
}

export function readAnalysis(body: unknown): Analysis {
  if (!isObject(body)) return { metrics: [], raw: body };
  const verdictObject = isObject(body.verdict) ? body.verdict : undefined;
  return {
    verdict: readVerdict(body),
    decision:
      pickStr(body, "decision", "recommendation", "status") ?? pickStr(verdictObject, "decision"),
    metrics: readMetrics(body),
    srm: readSrm(body),
    sequential: isObject(body.sequential) ? body.sequential : undefined,
    bayesian: isObject(body.bayesian) ? body.bayesian : undefined,
    usersNeeded: readUsersNeeded(body),
    daysNeeded:
      pickNum(body, "days_needed", "estimated_days") ?? pickNum(verdictObject, "days_needed"),
    raw: body,
  };
}

/** Plain figures of a nested block (sequential, bayesian), flattened one level for a list. */
export function figures(block: Json | undefined): { label: string; value: number | string }[] {
  if (!block) return [];
  const out: { label: string; value: number | string }[] = [];
  for (const [key, value] of Object.entries(block)) {
    const n = num(value);
    if (n !== undefined) out.push({ label: humanize(key), value: n });
    else if (typeof value === "string") out.push({ label: humanize(key), value });
    else if (typeof value === "boolean")
      out.push({ label: humanize(key), value: value ? "yes" : "no" });
    else if (isObject(value)) {
      for (const [inner, innerValue] of Object.entries(value)) {
        const m = num(innerValue);
        if (m !== undefined)
          out.push({ label: `${humanize(key)}: ${inner.replace(/_/g, " ")}`, value: m });
        else if (typeof innerValue === "string") {
          out.push({ label: `${humanize(key)}: ${inner.replace(/_/g, " ")}`, value: innerValue });
        }
      }
    }
  }
  return out;
}

export interface TrendPoint {
  day: string;
  [variant: string]: number | string;
}

/** Pivot metrics_over_time into one point per bucket with a CTR column per variant. */
export function ctrTrend(body: unknown): { points: TrendPoint[]; variants: string[] } {
  const rows = namedRows(body, "variant", "series", "buckets", "metrics", "points");
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

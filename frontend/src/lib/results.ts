/**
 * What the results page shows, read from the statistical analysis and the daily series:
 * one row per metric (primary first) with its unit, the lift interval the decision used
 * (clipped where a relative change cannot go), the chance to beat control and a decision;
 * and the cumulative lift per day with its interval band.
 */
import type { Analysis, MetricComparison } from "./abtest";
import { formatNumber, formatPercent, formatSignedPercent } from "./format";
import { isObject, type Json, namedRows, pickNum, pickStr } from "./shape";

export type Unit = "percent" | "currency" | "seconds" | "milliseconds" | "number";

/** A relative change cannot fall below -100 %: the treatment's value would be negative. */
export const LIFT_FLOOR = -1;

/**
 * The unit of a metric: the service's own when it sends one, else from the kind
 * (proportions and ratios are rates) or the name (revenue is money, engagement is time).
 */
export function metricUnit(metric: string, kind?: string, unit?: string): Unit {
  const given = (unit ?? "").toLowerCase();
  if (["percent", "%", "rate", "proportion", "ratio"].includes(given)) return "percent";
  if (["currency", "money", "eur", "usd", "gbp"].includes(given)) return "currency";
  if (["seconds", "s", "second"].includes(given)) return "seconds";
  if (["ms", "milliseconds"].includes(given)) return "milliseconds";
  if (kind === "proportion" || kind === "ratio") return "percent";
  if (/revenue|price|spend|order_value|aov/.test(metric)) return "currency";
  if (/latency|_ms$/.test(metric)) return "milliseconds";
  if (/engagement|seconds|dwell|time/.test(metric)) return "seconds";
  return "number";
}

/** The page's one unit label per metric, shown beside its name. */
export const UNIT_LABEL: Record<Unit, string> = {
  percent: "%",
  currency: "money per user",
  seconds: "seconds per user",
  milliseconds: "ms",
  number: "per user",
};

// The catalogue's prices carry no currency: VITE_CURRENCY (e.g. EUR) names it for the
// dashboard; without it amounts carry the generic currency sign.
const CURRENCY = import.meta.env.VITE_CURRENCY as string | undefined;
const money = CURRENCY
  ? new Intl.NumberFormat("en-US", { style: "currency", currency: CURRENCY })
  : new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

export function formatValue(value: number | undefined, unit: Unit): string {
  if (value === undefined || !Number.isFinite(value)) return "–";
  switch (unit) {
    case "percent":
      return formatPercent(value, 2);
    case "currency":
      return CURRENCY ? money.format(value) : `¤${money.format(value)}`;
    case "seconds":
      return `${formatNumber(value, 1)} s`;
    case "milliseconds":
      return `${formatNumber(value, 1)} ms`;
    default:
      return formatNumber(value, 3);
  }
}

export interface LiftInterval {
  estimate?: number;
  low?: number;
  high?: number;
  /** The interval reached below -100 % and was cut there. */
  clippedLow: boolean;
  /** Which interval this is: the always-valid one when the sequential rule decides. */
  basis: "sequential" | "fixed";
}

/** "-100 % or less" when cut, so nobody reads -426 % as a possible change. */
export function formatLiftBound(value: number | undefined, clipped: boolean): string {
  if (clipped) return "≤ −100%";
  return formatSignedPercent(value, 1);
}

export type Role = "primary" | "guardrail" | "secondary";

export interface MetricRow {
  key: string;
  metric: string;
  label: string;
  role: Role;
  unit: Unit;
  variant?: string;
  control?: number;
  treatment?: number;
  lift: LiftInterval;
  chanceToBeat?: number;
  /** The p-value the decision used, after the multiple-testing correction. */
  pValue?: number;
  adjustment?: string;
  decision: string;
  /** good / bad / neutral, for colour. */
  tone: "good" | "bad" | "neutral";
  /** Why there is no comparison yet (e.g. no users). */
  reason?: string;
}

const REASONS: Record<string, string> = {
  no_users: "no users yet",
  no_data: "no data yet",
  zero_variance: "every user has the same value",
  zero_baseline: "control is zero, so a relative lift is undefined",
  too_few_users: "too few users to compare",
};

function plainReason(reason: string | undefined): string | undefined {
  if (!reason) return undefined;
  return REASONS[reason] ?? reason.replace(/_/g, " ");
}

/** The metric names the test declared as guardrails, however the service spells the list. */
export function guardrailNames(raw: unknown): string[] {
  if (!isObject(raw)) return [];
  const root = isObject(raw.analysis) ? { ...raw, ...raw.analysis } : raw;
  const plan = isObject(root.plan)
    ? root.plan
    : isObject(root.decision_rule)
      ? root.decision_rule
      : {};
  for (const source of [root, plan]) {
    for (const key of ["guardrail_metrics", "guardrails"]) {
      const value = source[key];
      if (Array.isArray(value)) {
        return value
          .map((entry) => (typeof entry === "string" ? entry : pickStr(entry, "metric", "name")))
          .filter((name): name is string => name !== undefined);
      }
    }
  }
  return [];
}

function decisionFor(
  comparison: MetricComparison,
  role: Role,
  analysis: Analysis,
  higherIsBetter: boolean,
): { decision: string; tone: MetricRow["tone"] } {
  if (comparison.control === undefined || comparison.treatment === undefined) {
    return { decision: plainReason(comparison.reason) ?? "not enough data", tone: "neutral" };
  }
  const own = comparison.decision;
  if (role === "primary" && (own ?? analysis.decision)) {
    const text = (own ?? analysis.decision ?? "").replace(/_/g, " ");
    const tone = /ship|treatment wins|better/.test(text)
      ? "good"
      : /control|worse|stop/.test(text)
        ? "bad"
        : "neutral";
    return { decision: text, tone };
  }
  if (own) return { decision: own.replace(/_/g, " "), tone: "neutral" };
  if (comparison.significant) {
    const up = (comparison.relativeLift ?? 0) > 0;
    const better = up === higherIsBetter;
    if (role === "guardrail" && !better) return { decision: "guardrail breached", tone: "bad" };
    return { decision: better ? "better" : "worse", tone: better ? "good" : "bad" };
  }
  return { decision: "no clear difference", tone: "neutral" };
}

/** One row per metric and treatment: primary first, then guardrails, then the rest. */
export function metricRows(analysis: Analysis): MetricRow[] {
  const guardrails = new Set(guardrailNames(analysis.raw));
  const order: Record<Role, number> = { primary: 0, guardrail: 1, secondary: 2 };
  const rows = analysis.metrics.map((m): MetricRow => {
    const role: Role = m.primary
      ? "primary"
      : guardrails.has(m.metric) || m.role === "guardrail"
        ? "guardrail"
        : "secondary";
    const sequential = m.decisionBasis === "sequential" && m.sequentialLow !== undefined;
    const low = sequential ? m.sequentialLow : m.relativeCiLow;
    const high = sequential ? m.sequentialHigh : m.relativeCiHigh;
    const clippedLow = low !== undefined && low < LIFT_FLOOR;
    const { decision, tone } = decisionFor(m, role, analysis, m.higherIsBetter ?? true);
    return {
      key: `${m.metric}-${m.variant ?? ""}`,
      metric: m.metric,
      label: m.label,
      role,
      unit: metricUnit(m.metric, m.kind, m.unit),
      variant: m.variant,
      control: m.control,
      treatment: m.treatment,
      lift: {
        estimate: m.relativeLift,
        low: clippedLow ? LIFT_FLOOR : low,
        high,
        clippedLow,
        basis: sequential ? "sequential" : "fixed",
      },
      chanceToBeat: pickNum(m.bayesian, "probability_treatment_beats_control"),
      pValue: m.decisionPValue ?? m.pValue,
      adjustment: m.adjustment,
      decision,
      tone,
      reason: plainReason(m.reason),
    };
  });
  // Array.prototype.sort is stable, so within a role the service's order is kept.
  return rows.sort((a, b) => order[a.role] - order[b.role]);
}

/** The common scale of the lift bars: symmetric around 0, at most ±100 % wide. */
export function liftScale(rows: MetricRow[]): number {
  let extent = 0.05;
  for (const row of rows) {
    for (const value of [row.lift.low, row.lift.high, row.lift.estimate]) {
      if (value !== undefined && Number.isFinite(value)) extent = Math.max(extent, Math.abs(value));
    }
  }
  return Math.min(extent, 1);
}

export interface CumulativePoint {
  day: string;
  /** Impressions that day per variant, and users when the service reports them. */
  [column: string]: number | string | [number, number] | undefined;
}

export interface CumulativeLift {
  points: CumulativePoint[];
  control?: string;
  treatments: string[];
  variants: string[];
  /** True when the daily series carries users; otherwise the bars count impressions. */
  hasUsers: boolean;
}

const Z95 = 1.959964;

/**
 * Relative lift of treatment CTR over control CTR from the totals up to each day, with a
 * 95 % interval from the delta method on the log of the ratio of two proportions (each list
 * counted as one trial). Undefined until both arms have a click.
 */
export function ratioInterval(
  clicksT: number,
  impressionsT: number,
  clicksC: number,
  impressionsC: number,
): { lift: number; low: number; high: number } | undefined {
  if (impressionsT <= 0 || impressionsC <= 0 || clicksT <= 0 || clicksC <= 0) return undefined;
  const pt = clicksT / impressionsT;
  const pc = clicksC / impressionsC;
  const variance = (1 - pt) / clicksT + (1 - pc) / clicksC;
  const log = Math.log(pt / pc);
  const half = Z95 * Math.sqrt(Math.max(variance, 0));
  return { lift: pt / pc - 1, low: Math.exp(log - half) - 1, high: Math.exp(log + half) - 1 };
}

/** Cumulative lift per treatment and day, with the day's traffic per variant. */
export function cumulativeLift(body: unknown, control?: string): CumulativeLift {
  const series = namedRows(body, "variant", "variants", "series");
  const variants = series
    .map((row) => pickStr(row, "variant", "name"))
    .filter((name): name is string => name !== undefined);
  const controlName = control && variants.includes(control) ? control : variants[0];
  const treatments = variants.filter((name) => name !== controlName);
  const byDay = new Map<string, Map<string, Json>>();
  let hasUsers = false;
  for (const row of series) {
    const variant = pickStr(row, "variant", "name");
    const buckets = row.buckets ?? row.points;
    if (!variant || !Array.isArray(buckets)) continue;
    for (const bucket of buckets.filter(isObject)) {
      const day = pickStr(bucket, "start", "bucket", "day", "date")?.slice(0, 10);
      if (!day) continue;
      if (pickNum(bucket, "users", "new_users", "exposed_users") !== undefined) hasUsers = true;
      const cells = byDay.get(day) ?? new Map<string, Json>();
      cells.set(variant, bucket);
      byDay.set(day, cells);
    }
  }
  const totals = new Map(variants.map((name) => [name, { clicks: 0, impressions: 0 }]));
  const points: CumulativePoint[] = [];
  for (const day of [...byDay.keys()].sort()) {
    const cells = byDay.get(day) ?? new Map<string, Json>();
    const point: CumulativePoint = { day };
    for (const variant of variants) {
      const cell = cells.get(variant);
      const total = totals.get(variant) ?? { clicks: 0, impressions: 0 };
      total.clicks += pickNum(cell, "clicks") ?? 0;
      total.impressions += pickNum(cell, "impressions") ?? 0;
      point[`traffic:${variant}`] = hasUsers
        ? (pickNum(cell, "users", "new_users", "exposed_users") ?? 0)
        : (pickNum(cell, "impressions") ?? 0);
    }
    const base = controlName ? totals.get(controlName) : undefined;
    for (const treatment of treatments) {
      const own = totals.get(treatment);
      if (!base || !own) continue;
      const lift = ratioInterval(own.clicks, own.impressions, base.clicks, base.impressions);
      if (!lift) continue;
      point[`lift:${treatment}`] = lift.lift;
      point[`band:${treatment}`] = [Math.max(lift.low, LIFT_FLOOR), lift.high];
    }
    points.push(point);
  }
  return { points, control: controlName, treatments, variants, hasUsers };
}

/** What the page says about the sample ratio: a warning when it fails, else nothing. */
export function srmWarning(analysis: Analysis): string | undefined {
  const srm = analysis.srm;
  if (!srm || srm.ok || analysis.totalUsers === 0 || srm.checked === false) return undefined;
  return srm.message ?? "The users are not split as the weights say.";
}

/** A stopped test's verdict is final: "no difference yet" reads "no difference". */
export function settledText(text: string, stopped: boolean): string {
  if (!stopped) return text;
  return text.replace(/\s+yet\b/gi, "").replace(/keep running/gi, "stopped");
}

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import {
  Area,
  Bar,
  BarChart,
  CartesianGrid,
  ComposedChart,
  ErrorBar,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { useAdminCall } from "../api/admin";
import { describeError } from "../api/client";
import { type AbTest, api, keys } from "../api/endpoints";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { CHART_HEIGHT, colour } from "../components/charts";
import { Empty, ErrorBox, Loading, QueryView } from "../components/states";
import {
  type Analysis,
  type ArmValue,
  ctrByPosition,
  readAnalysis,
  type VariantRow,
  variantRows,
} from "../lib/abtest";
import { isRunning } from "../lib/counts";
import {
  formatCount,
  formatNumber,
  formatP,
  formatPercent,
  formatSignedPercent,
  formatTime,
} from "../lib/format";
import {
  type CumulativePoint,
  cumulativeLift,
  formatLiftBound,
  formatValue,
  LIFT_FLOOR,
  liftScale,
  type MetricRow,
  metricRows,
  settledText,
  srmWarning,
  UNIT_LABEL,
} from "../lib/results";

const POLL_MS = 10_000;
const percentTick = (value: number) => `${(value * 100).toFixed(0)}%`;
const AXIS_FONT = { fontSize: 12 };
const AXIS_TITLE = { fontSize: 12, fill: "#374151" };

/** A day count a person can read: weeks or years instead of thousands of days. */
export function formatDuration(days: number): string {
  if (days < 1) return "less than a day";
  if (days < 60) return `about ${formatNumber(Math.round(days), 0)} days`;
  if (days < 730) return `about ${formatNumber(Math.round(days / 7), 0)} weeks`;
  return `about ${formatNumber(Math.round(days / 365), 0)} years`;
}

const RULES: Record<string, string> = {
  sequential: "the sequential rule (always-valid p-value, may stop at any look)",
  fixed_horizon: "the fixed-horizon rule (one test at the planned sample size)",
  fixed: "the fixed-horizon rule (one test at the planned sample size)",
  bayesian: "the Bayesian rule (chance to beat control and expected loss)",
};

function ruleText(method: string | undefined): string | undefined {
  if (!method) return undefined;
  return RULES[method] ?? `the ${method.replace(/_/g, " ")} rule`;
}

/** Name, dates, rule and primary metric: what the test is, before what it found. */
function TestFacts({ test, analysis }: { test: AbTest; analysis?: Analysis }) {
  const primary = analysis?.metrics.find((m) => m.primary);
  return (
    <dl className="facts" aria-label="About this test">
      <div>
        <dt>Status</dt>
        <dd>{isRunning(test) ? "running" : (test.status ?? "stopped")}</dd>
      </div>
      <div>
        <dt>Started</dt>
        <dd>{formatTime(test.created_at)}</dd>
      </div>
      <div>
        <dt>Stopped</dt>
        <dd>{test.stopped_at ? formatTime(test.stopped_at) : "not yet"}</dd>
      </div>
      {analysis?.totalUsers !== undefined && (
        <div>
          <dt>Users</dt>
          <dd>{formatCount(analysis.totalUsers)}</dd>
        </div>
      )}
      {(primary ?? analysis?.primaryMetric) && (
        <div>
          <dt>Primary metric</dt>
          <dd>{primary?.label ?? analysis?.primaryMetric}</dd>
        </div>
      )}
      {analysis?.plannedUsersPerVariant !== undefined && (
        <div>
          <dt>Planned users per variant</dt>
          <dd>{formatCount(analysis.plannedUsersPerVariant)}</dd>
        </div>
      )}
    </dl>
  );
}

export function SrmBanner({ analysis }: { analysis: Analysis }) {
  const warning = srmWarning(analysis);
  if (!warning) return null;
  return (
    <div className="banner bad" role="alert">
      <strong>Sample ratio mismatch: do not trust the comparison.</strong> {warning}
      {analysis.srm?.pValue !== undefined && ` (p = ${formatP(analysis.srm.pValue)})`}
    </div>
  );
}

export function Verdict({ analysis, stopped = false }: { analysis: Analysis; stopped?: boolean }) {
  const blocked = srmWarning(analysis) !== undefined;
  const primary = analysis.metrics.find((m) => m.primary);
  const rule = ruleText(analysis.decisionMethod);
  const text = analysis.verdict
    ? settledText(analysis.verdict, stopped)
    : "The service gave no verdict for this test.";
  return (
    <section className={`verdict ${blocked ? "bad" : ""}`} aria-label="Verdict">
      <h3>{stopped ? "Final verdict" : "Verdict"}</h3>
      <p className="verdict-text">{text}</p>
      {rule && (
        <p>
          Decided by {rule} on <strong>{primary?.label ?? analysis.primaryMetric ?? "CTR"}</strong>
          {analysis.alpha !== undefined ? `, at a ${formatPercent(analysis.alpha, 0)} level` : ""}.
          The other metrics are secondary.
        </p>
      )}
      {analysis.decision && (
        <p>
          Decision: <strong>{settledText(analysis.decision.replace(/_/g, " "), stopped)}</strong>
        </p>
      )}
      {!stopped && analysis.usersNeeded !== undefined && analysis.usersNeeded > 0 && (
        <p>
          Users still needed per variant: <strong>{formatCount(analysis.usersNeeded)}</strong>
          {analysis.daysNeeded !== undefined
            ? ` (${formatDuration(analysis.daysNeeded)} at the current rate${
                analysis.daysNeeded > 90 ? ": underpowered at this traffic" : ""
              })`
            : ""}
        </p>
      )}
    </section>
  );
}

/** The interval as a bar on the table's common scale, with arrows where it runs off. */
export function LiftBar({ row, scale }: { row: MetricRow; scale: number }) {
  const { estimate, low, high, clippedLow } = row.lift;
  if (estimate === undefined) return null;
  const at = (value: number) =>
    ((Math.max(-scale, Math.min(scale, value)) + scale) / (2 * scale)) * 100;
  const from = at(low ?? estimate);
  const to = at(high ?? estimate);
  const offLow = clippedLow || (low ?? estimate) < -scale;
  const offHigh = (high ?? estimate) > scale;
  const tone = row.tone === "good" ? "good" : row.tone === "bad" ? "bad" : "neutral";
  return (
    <span
      className={`lift-bar ${tone}`}
      role="img"
      aria-label={`lift ${formatSignedPercent(estimate)}, 95% interval ${formatLiftBound(low, clippedLow)} to ${formatSignedPercent(high)}`}
    >
      <span className="lift-zero" style={{ left: "50%" }} />
      <span
        className="lift-range"
        style={{ left: `${from}%`, width: `${Math.max(to - from, 0.5)}%` }}
      />
      {offLow && <span className="lift-arrow left">◀</span>}
      {offHigh && <span className="lift-arrow right">▶</span>}
      <span className="lift-point" style={{ left: `${at(estimate)}%` }} />
    </span>
  );
}

const ROLE_LABEL = { primary: "primary", guardrail: "guardrail", secondary: "secondary" };

/** One row per metric: the figures a decision is read from, in one place, with units. */
export function MetricResults({ analysis }: { analysis: Analysis }) {
  const rows = metricRows(analysis);
  if (rows.length === 0) return null;
  const scale = liftScale(rows);
  const severalTreatments = new Set(rows.map((row) => row.variant)).size > 1;
  const sequential = rows.some((row) => row.lift.basis === "sequential");
  return (
    <>
      <h3>Metrics</h3>
      <table className="stack-table metric-results" aria-label="Results per metric">
        <thead>
          <tr>
            <th scope="col">Metric</th>
            <th scope="col">Control</th>
            <th scope="col">Treatment</th>
            <th scope="col">Relative lift (95% interval)</th>
            <th scope="col">Chance to beat control</th>
            <th scope="col">p-value</th>
            <th scope="col">Decision</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key} className={row.role}>
              <th scope="row">
                {row.label}
                <span className="muted small">
                  {" "}
                  ({UNIT_LABEL[row.unit]})
                  {severalTreatments && row.variant ? ` · ${row.variant}` : ""}
                </span>
                <span className={`tag role ${row.role}`}>{ROLE_LABEL[row.role]}</span>
              </th>
              <td data-label="Control">{formatValue(row.control, row.unit)}</td>
              <td data-label="Treatment">{formatValue(row.treatment, row.unit)}</td>
              <td data-label="Relative lift" className="lift-cell">
                {row.lift.estimate === undefined ? (
                  "–"
                ) : (
                  <>
                    <span className="lift-text">
                      <strong>{formatSignedPercent(row.lift.estimate)}</strong>{" "}
                      <span className="muted small">
                        ({formatLiftBound(row.lift.low, row.lift.clippedLow)} to{" "}
                        {formatSignedPercent(row.lift.high)})
                      </span>
                    </span>
                    <LiftBar row={row} scale={scale} />
                  </>
                )}
              </td>
              <td data-label="Chance to beat control">{formatPercent(row.chanceToBeat, 1)}</td>
              <td data-label="p-value">{formatP(row.pValue)}</td>
              <td data-label="Decision" className={`decision ${row.tone}`}>
                {row.decision}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted small">
        Rates are per list served; revenue and engagement are per exposed user. Bars share one scale
        (±{formatPercent(scale, 0)}); an arrow means the interval runs past it, and a relative
        change cannot fall below {formatPercent(LIFT_FLOOR, 0)}.{" "}
        {sequential
          ? "Intervals and p-values are the always-valid ones the sequential rule decides on."
          : "Intervals and p-values are the fixed-horizon ones the rule decides on."}{" "}
        {rows.some((row) => row.adjustment && row.adjustment !== "none")
          ? "Secondary p-values are corrected for testing several metrics."
          : ""}
      </p>
    </>
  );
}

/** Per variant: who saw the test and what they did. Rates live in the metrics table only. */
function CountsTable({ rows }: { rows: VariantRow[] }) {
  return (
    <table className="stack-table" aria-label="Counts per variant">
      <thead>
        <tr>
          <th scope="col">Variant</th>
          <th scope="col">Users</th>
          <th scope="col">Lists served</th>
          <th scope="col">Clicks</th>
          <th scope="col">Purchases</th>
          <th scope="col">Revenue</th>
          <th scope="col">p95 latency</th>
          <th scope="col">Cache hits</th>
          <th scope="col">Fallbacks</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.variant}>
            <th scope="row">
              {row.variant}
              {row.strategy ? <span className="muted small"> ({row.strategy})</span> : null}
            </th>
            <td data-label="Users">{formatCount(row.users)}</td>
            <td data-label="Lists served">{formatCount(row.impressions)}</td>
            <td data-label="Clicks">{formatCount(row.clicks)}</td>
            <td data-label="Purchases">{formatCount(row.purchases)}</td>
            <td data-label="Revenue">{formatValue(row.revenue, "currency")}</td>
            <td data-label="p95 latency">{formatValue(row.p95LatencyMs, "milliseconds")}</td>
            <td data-label="Cache hits">{formatPercent(row.cacheHitRate, 0)}</td>
            <td data-label="Fallbacks">{formatPercent(row.fallbackShare, 0)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** CTR per variant from the raw counts, for when the service sends no analysis. */
export function ctrArms(rows: VariantRow[]): ArmValue[] {
  return rows
    .filter((row) => row.ctr !== undefined)
    .map((row) => ({
      variant: row.variant,
      value: row.ctr,
      ciLow: row.ctrLow,
      ciHigh: row.ctrHigh,
    }));
}

/** CTR per variant as bars with Wilson intervals, when the analysis is unavailable. */
function CtrChart({ arms }: { arms: ArmValue[] }) {
  const data = arms
    .filter((arm) => arm.value !== undefined)
    .map((arm) => {
      const value = arm.value ?? 0;
      return {
        variant: arm.variant,
        value,
        interval: [value - (arm.ciLow ?? value), (arm.ciHigh ?? value) - value],
      };
    });
  if (data.length === 0) return <Empty>No CTR to chart yet.</Empty>;
  return (
    <figure className="chart" aria-label="CTR per variant with 95% confidence intervals">
      <h3>CTR per variant</h3>
      <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
        <BarChart data={data} margin={{ top: 8, right: 16, bottom: 24, left: 16 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis
            dataKey="variant"
            tick={AXIS_FONT}
            label={{ value: "Variant", position: "insideBottom", offset: -12 }}
          />
          <YAxis
            tickFormatter={percentTick}
            width={64}
            tick={AXIS_FONT}
            label={{ value: "CTR", angle: -90, position: "insideLeft" }}
          />
          <Tooltip formatter={(value) => formatPercent(Number(value), 2)} />
          <Bar dataKey="value" name="CTR" fill={colour(0)} isAnimationActive={false}>
            <ErrorBar
              dataKey="interval"
              width={10}
              strokeWidth={2}
              stroke="#111827"
              direction="y"
              isAnimationActive={false}
            />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
      <figcaption className="muted small">
        Whiskers are 95% Wilson intervals of each CTR.
      </figcaption>
    </figure>
  );
}

function PositionChart({ results }: { results: unknown }) {
  const { points, variants } = ctrByPosition(results);
  if (points.length === 0) return null;
  return (
    <figure className="chart" aria-label="Click-through rate by position in the list">
      <h3>CTR by position in the list</h3>
      <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
        <LineChart data={points} margin={{ top: 8, right: 16, bottom: 24, left: 16 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            dataKey="position"
            tick={AXIS_FONT}
            label={{ value: "Position in the list", position: "insideBottom", offset: -12 }}
          />
          <YAxis
            tickFormatter={percentTick}
            width={64}
            tick={AXIS_FONT}
            label={{ value: "CTR", angle: -90, position: "insideLeft" }}
          />
          <Tooltip
            formatter={(value) => formatPercent(Number(value), 2)}
            labelFormatter={(position) => `Position ${Number(position)}`}
          />
          <Legend
            verticalAlign="top"
            itemSorter={(item) => variants.indexOf(String(item.dataKey))}
          />
          {variants.map((variant, index) => (
            <Line
              key={variant}
              type="linear"
              dataKey={variant}
              stroke={colour(index)}
              strokeWidth={2}
              dot={{ r: 3 }}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}

/** The lift axis: from the lowest band (never below -100 %) to the highest, on round ticks. */
export function liftAxis(
  points: CumulativePoint[],
  treatment: string,
): { domain: [number, number]; ticks: number[] } {
  let low = 0;
  let high = 0;
  for (const point of points) {
    const band = point[`band:${treatment}`];
    if (Array.isArray(band)) {
      low = Math.min(low, band[0]);
      high = Math.max(high, band[1]);
    }
  }
  low = Math.max(low, LIFT_FLOOR);
  // A step of 1, 2 or 5 times a power of ten gives about five ticks.
  const raw = Math.max((high - low) / 5, 0.01);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].find((m) => m * power >= raw) ?? 10) * power;
  const from = Math.max(LIFT_FLOOR, Math.floor(low / step) * step);
  const to = Math.ceil(high / step) * step;
  // Multiples of the step (so 0 is one), and -100 % itself when the floor cuts in between.
  const first = Math.ceil(from / step - 1e-9);
  const last = Math.floor(to / step + 1e-9);
  const ticks = Array.from(
    { length: last - first + 1 },
    (_, i) => Number(((first + i) * step).toFixed(6)) || 0,
  );
  if (ticks[0] !== from) ticks.unshift(from);
  return { domain: [from, to], ticks };
}

/** Cumulative lift of CTR per day with its band, over the traffic of each day. */
function CumulativeChart({ testId, control }: { testId: number; control?: string }) {
  const query = useQuery({
    queryKey: [...keys.abTest(testId), "trend"],
    queryFn: () => api.abTrend(testId),
    refetchInterval: POLL_MS,
  });
  return (
    <section aria-labelledby={`trend-${testId}`}>
      <h3 id={`trend-${testId}`}>Cumulative lift over time</h3>
      <QueryView query={query} missing="metrics over time" loadingLabel="Loading the trend…">
        {(body) => {
          const series = cumulativeLift(body, control);
          if (series.points.length === 0) return <Empty>No daily figures yet.</Empty>;
          const traffic = series.hasUsers ? "Users per day" : "Lists served per day";
          return series.treatments.map((treatment) => (
            <figure
              key={treatment}
              className="chart"
              aria-label={`Cumulative CTR lift of ${treatment} over ${series.control ?? "control"} per day`}
            >
              <ResponsiveContainer width="100%" height={CHART_HEIGHT + 40}>
                <ComposedChart
                  data={series.points}
                  margin={{ top: 8, right: 8, bottom: 24, left: 16 }}
                >
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis
                    dataKey="day"
                    tick={AXIS_FONT}
                    tickFormatter={(day: string) => day.slice(5)}
                    label={{ value: "Day (UTC)", position: "insideBottom", offset: -12 }}
                  />
                  <YAxis
                    yAxisId="lift"
                    domain={liftAxis(series.points, treatment).domain}
                    ticks={liftAxis(series.points, treatment).ticks}
                    allowDataOverflow
                    tickFormatter={percentTick}
                    width={64}
                    tick={AXIS_FONT}
                    label={{
                      value: "CTR lift, cumulative",
                      angle: -90,
                      position: "insideLeft",
                      style: AXIS_TITLE,
                    }}
                  />
                  <YAxis
                    yAxisId="traffic"
                    orientation="right"
                    width={64}
                    tick={AXIS_FONT}
                    allowDecimals={false}
                    label={{
                      value: traffic,
                      angle: 90,
                      position: "insideRight",
                      style: AXIS_TITLE,
                    }}
                  />
                  <Tooltip
                    formatter={(value, name) =>
                      Array.isArray(value)
                        ? `${formatSignedPercent(Number(value[0]))} to ${formatSignedPercent(Number(value[1]))}`
                        : String(name).startsWith("Lift")
                          ? formatSignedPercent(Number(value))
                          : formatCount(Number(value))
                    }
                  />
                  <Legend verticalAlign="top" wrapperStyle={AXIS_FONT} />
                  {series.variants.map((variant, index) => (
                    <Bar
                      key={variant}
                      yAxisId="traffic"
                      dataKey={`traffic:${variant}`}
                      name={`${traffic.replace(" per day", "")}: ${variant}`}
                      fill={colour(index)}
                      fillOpacity={0.35}
                      isAnimationActive={false}
                    />
                  ))}
                  <Area
                    yAxisId="lift"
                    type="linear"
                    dataKey={`band:${treatment}`}
                    name="95% interval"
                    stroke="none"
                    fill="#6b7280"
                    fillOpacity={0.25}
                    isAnimationActive={false}
                  />
                  <ReferenceLine yAxisId="lift" y={0} stroke="#374151" />
                  <Line
                    yAxisId="lift"
                    type="linear"
                    dataKey={`lift:${treatment}`}
                    name={`Lift of ${treatment}`}
                    stroke="#111827"
                    strokeWidth={2}
                    dot={{ r: 3 }}
                    isAnimationActive={false}
                  />
                </ComposedChart>
              </ResponsiveContainer>
              <figcaption className="muted small">
                Relative CTR lift of {treatment} over {series.control} from every list served up to
                each day; the band is a 95% interval counting each list as one trial (narrower than
                the per-user interval in the table), cut at −100%. Bars: {traffic.toLowerCase()}
                {series.hasUsers ? "" : " (the service's daily series counts lists, not users)"}.
              </figcaption>
            </figure>
          ));
        }}
      </QueryView>
    </section>
  );
}

/** The calls a storefront makes to take part in this test, ready to paste. */
export function IntegrationSnippet({ test, origin }: { test: AbTest; origin: string }) {
  const [copied, setCopied] = useState(false);
  const snippet = `# 1. Ask for the user's list under test ${test.id}; the answer names the variant
#    and carries an impression_id.
curl "${origin}/recommendations?user_id=USER_ID&test_id=${test.id}&n=10"

# 2. Send clicks and purchases back with that impression_id, so the test counts them.
curl -X POST "${origin}/interactions" \\
  -H "Content-Type: application/json" \\
  -d '{"user_id": "USER_ID", "item_id": "ITEM_ID", "event_type": "click", "impression_id": "IMPRESSION_ID"}'`;
  return (
    <section className="snippet" aria-labelledby={`snippet-${test.id}`}>
      <div className="panel-head">
        <h3 id={`snippet-${test.id}`}>Integrate this test</h3>
        <button
          type="button"
          onClick={() => {
            void navigator.clipboard?.writeText(snippet).then(() => setCopied(true));
          }}
        >
          {copied ? "Copied" : "Copy"}
        </button>
      </div>
      {!isRunning(test) && (
        <p className="notice small">
          This test is stopped: the call answers with variant null and no impression_id.
        </p>
      )}
      <pre>
        <code>{snippet}</code>
      </pre>
    </section>
  );
}

function AnalysisBlock({ analysis, stopped }: { analysis: Analysis; stopped: boolean }) {
  return (
    <>
      <SrmBanner analysis={analysis} />
      <Verdict analysis={analysis} stopped={stopped} />
      <MetricResults analysis={analysis} />
      {analysis.notes.length > 0 && (
        <ul className="notes muted small" aria-label="Notes on the analysis">
          {analysis.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      )}
    </>
  );
}

/** Stopping keeps the data and serves no variant any more; it needs the admin key when set. */
function StopTest({ test }: { test: AbTest }) {
  const [confirming, setConfirming] = useState(false);
  const queryClient = useQueryClient();
  const adminCall = useAdminCall();
  const stop = useMutation({
    mutationFn: () => adminCall(() => api.stopAbTest(test.id)),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: keys.abTests });
      void queryClient.invalidateQueries({ queryKey: keys.abTest(test.id) });
      void queryClient.invalidateQueries({ queryKey: keys.counts });
    },
  });
  if (!isRunning(test)) return null;
  return (
    <>
      <button
        type="button"
        className="danger"
        disabled={stop.isPending}
        onClick={() => setConfirming(true)}
      >
        {stop.isPending ? "Stopping…" : "Stop test"}
      </button>
      {stop.isError && (
        <p className="error" role="alert">
          Not stopped: {describeError(stop.error)}
        </p>
      )}
      {confirming && (
        <ConfirmDialog
          title={`Stop “${test.name}”?`}
          message="Users will get the default strategy again. The data collected so far is kept, and a stopped test cannot be restarted."
          confirmLabel="Yes, stop the test"
          onCancel={() => setConfirming(false)}
          onConfirm={() => {
            setConfirming(false);
            stop.mutate();
          }}
        />
      )}
    </>
  );
}

export function AbTestDetail({ test }: { test: AbTest }) {
  const results = useQuery({
    queryKey: [...keys.abTest(test.id), "results"],
    queryFn: () => api.abResults(test.id),
    refetchInterval: POLL_MS,
  });
  const analysis = useQuery({
    queryKey: [...keys.abTest(test.id), "analysis"],
    queryFn: () => api.abAnalysis(test.id),
    refetchInterval: POLL_MS,
  });
  const read = analysis.data === undefined ? undefined : readAnalysis(analysis.data);
  const empty = read?.totalUsers === 0;
  const control =
    typeof read?.raw === "object" ? (read.raw as { control?: unknown }).control : undefined;
  return (
    <section className="panel" aria-labelledby={`test-${test.id}-title`}>
      <div className="panel-head">
        <h2 id={`test-${test.id}-title`}>
          {test.name} <span className="muted small">#{test.id}</span>
        </h2>
        <div className="row">
          <StopTest test={test} />
        </div>
      </div>
      {test.description && <p className="muted">{test.description}</p>}
      <TestFacts test={test} analysis={read} />
      {analysis.isPending && <Loading label="Analysing…" />}
      {analysis.isError && (
        <ErrorBox
          error={analysis.error}
          missing="the statistical analysis"
          retry={() => void analysis.refetch()}
        />
      )}
      {read &&
        (empty ? (
          <Empty>
            {isRunning(test)
              ? "No users have seen this test yet: results appear with the first lists served."
              : "No users saw this test before it was stopped."}
          </Empty>
        ) : (
          <AnalysisBlock analysis={read} stopped={!isRunning(test)} />
        ))}
      {!empty && (
        <>
          <CumulativeChart
            testId={test.id}
            control={typeof control === "string" ? control : undefined}
          />
          <h3>Counts per variant</h3>
          <QueryView
            query={results}
            loadingLabel="Loading results…"
            missing="test results"
            isEmpty={(body) => variantRows(body).length === 0}
            empty="No users have seen this test yet."
          >
            {(body) => {
              const rows = variantRows(body);
              return (
                <>
                  <CountsTable rows={rows} />
                  {(analysis.isError || read?.metrics.length === 0) && (
                    <CtrChart arms={ctrArms(rows)} />
                  )}
                  <PositionChart results={body} />
                </>
              );
            }}
          </QueryView>
        </>
      )}
      <IntegrationSnippet test={test} origin={window.location.origin} />
    </section>
  );
}

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import {
  Bar,
  BarChart,
  CartesianGrid,
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
  ctrTrend,
  type MetricComparison,
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
} from "../lib/format";
import { pickNum } from "../lib/shape";

const POLL_MS = 10_000;
const percentTick = (value: number) => `${(value * 100).toFixed(1)}%`;

function VariantTable({ rows }: { rows: VariantRow[] }) {
  return (
    <div className="table-wrap">
      <table aria-label="Metrics per variant">
        <thead>
          <tr>
            <th scope="col">Variant</th>
            <th scope="col">Users</th>
            <th scope="col">Impressions</th>
            <th scope="col">Clicks</th>
            <th scope="col">CTR (95% CI)</th>
            <th scope="col">Purchases</th>
            <th scope="col">Conversion</th>
            <th scope="col">Engagement s</th>
            <th scope="col">Revenue / user</th>
            <th scope="col">p95 ms</th>
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
              <td>{formatCount(row.users)}</td>
              <td>{formatCount(row.impressions)}</td>
              <td>{formatCount(row.clicks)}</td>
              <td>
                {formatPercent(row.ctr, 2)}
                {row.ctrLow !== undefined && row.ctrHigh !== undefined && (
                  <span className="muted small">
                    {" "}
                    ({formatPercent(row.ctrLow, 1)}–{formatPercent(row.ctrHigh, 1)})
                  </span>
                )}
              </td>
              <td>{formatCount(row.purchases)}</td>
              <td>{formatPercent(row.conversionRate, 2)}</td>
              <td>{formatNumber(row.engagementSeconds, 1)}</td>
              <td>{formatNumber(row.revenuePerUser, 2)}</td>
              <td>{formatNumber(row.p95LatencyMs, 1)}</td>
              <td>{formatPercent(row.cacheHitRate, 0)}</td>
              <td>{formatPercent(row.fallbackShare, 0)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
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

/** One metric per variant as bars, each with its 95% interval as an error bar. */
function IntervalChart({
  label,
  arms,
  percent,
}: {
  label: string;
  arms: ArmValue[];
  percent: boolean;
}) {
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
  if (data.length === 0) return <Empty>No {label} to chart yet.</Empty>;
  const format = (value: number) => (percent ? formatPercent(value, 2) : formatNumber(value, 3));
  return (
    <figure className="chart" aria-label={`${label} per variant with 95% confidence intervals`}>
      <h3>{label} per variant</h3>
      <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
        <BarChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="variant" />
          <YAxis tickFormatter={percent ? percentTick : undefined} width={64} />
          <Tooltip formatter={(value) => format(Number(value))} />
          <Bar dataKey="value" name={label} fill={colour(0)} isAnimationActive={false}>
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
        {label} per variant; whiskers are 95% confidence intervals.
      </figcaption>
    </figure>
  );
}

/** Relative lift of each metric against control, with its interval, around a zero line. */
function LiftChart({ metrics }: { metrics: MetricComparison[] }) {
  // With one treatment its name adds nothing to each label.
  const severalTreatments = new Set(metrics.map((m) => m.variant)).size > 1;
  const data = metrics
    .filter((m) => m.relativeLift !== undefined)
    .map((m) => {
      const lift = m.relativeLift ?? 0;
      const low = m.relativeCiLow ?? lift;
      const high = m.relativeCiHigh ?? lift;
      return {
        label: severalTreatments && m.variant ? `${m.label} (${m.variant})` : m.label,
        lift,
        interval: [lift - low, high - lift],
      };
    });
  if (data.length === 0) return null;
  return (
    <figure
      className="chart"
      aria-label="Relative lift against control with 95% confidence intervals"
    >
      <h3>Lift against control</h3>
      {/* Bars run sideways so long metric names stay readable on a phone. */}
      <ResponsiveContainer width="100%" height={48 * data.length + 48}>
        <BarChart data={data} layout="vertical" margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} />
          <XAxis type="number" tickFormatter={percentTick} tick={{ fontSize: 12 }} />
          <YAxis type="category" dataKey="label" width={120} tick={{ fontSize: 12 }} />
          <ReferenceLine x={0} stroke="#374151" />
          <Tooltip formatter={(value) => formatSignedPercent(Number(value), 1)} />
          <Bar dataKey="lift" name="Relative lift" fill={colour(1)} isAnimationActive={false}>
            <ErrorBar
              dataKey="interval"
              width={10}
              strokeWidth={2}
              stroke="#111827"
              direction="x"
              isAnimationActive={false}
            />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
      <figcaption className="muted small">
        Lift of treatment over control per metric; an interval crossing 0 means no clear difference.
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
        <LineChart data={points} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="position" tick={{ fontSize: 12 }} />
          <YAxis tickFormatter={percentTick} width={64} />
          <Tooltip
            formatter={(value) => formatPercent(Number(value), 2)}
            labelFormatter={(position) => `Position ${Number(position)}`}
          />
          <Legend itemSorter={(item) => variants.indexOf(String(item.dataKey))} />
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

function TrendChart({ testId }: { testId: number }) {
  const query = useQuery({
    queryKey: [...keys.abTest(testId), "trend"],
    queryFn: () => api.abTrend(testId),
    refetchInterval: POLL_MS,
  });
  return (
    <section aria-labelledby={`trend-${testId}`}>
      <h3 id={`trend-${testId}`}>Daily CTR</h3>
      <QueryView query={query} missing="metrics over time" loadingLabel="Loading the trend…">
        {(body) => {
          const { points, variants } = ctrTrend(body);
          if (points.length === 0) return <Empty>No daily figures yet.</Empty>;
          return (
            <figure className="chart" aria-label="Daily click-through rate per variant">
              <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
                <LineChart data={points} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis dataKey="day" tick={{ fontSize: 12 }} />
                  <YAxis tickFormatter={percentTick} width={64} />
                  <Tooltip formatter={(value) => formatPercent(Number(value), 2)} />
                  <Legend itemSorter={(item) => variants.indexOf(String(item.dataKey))} />
                  {variants.map((variant, index) => (
                    <Line
                      key={variant}
                      type="monotone"
                      dataKey={variant}
                      stroke={colour(index)}
                      strokeWidth={2}
                      dot={{ r: 3 }}
                      isAnimationActive={false}
                      connectNulls
                    />
                  ))}
                </LineChart>
              </ResponsiveContainer>
            </figure>
          );
        }}
      </QueryView>
    </section>
  );
}

export function Verdict({ analysis }: { analysis: Analysis }) {
  const blocked = analysis.srm && !analysis.srm.ok;
  return (
    <section className={`verdict ${blocked ? "bad" : ""}`} aria-label="Verdict">
      <h3>Verdict</h3>
      <p className="verdict-text">
        {analysis.verdict ?? "The service gave no verdict for this test."}
      </p>
      {analysis.decision && (
        <p>
          Decision: <strong>{analysis.decision.replace(/_/g, " ")}</strong>
        </p>
      )}
      {analysis.srm && (
        <p>
          Sample ratio check:{" "}
          <strong>{analysis.srm.ok ? "passed" : "MISMATCH, do not trust the comparison"}</strong>
          {analysis.srm.pValue !== undefined && ` (p = ${formatP(analysis.srm.pValue)})`}
          {analysis.srm.message && ` – ${analysis.srm.message}`}
        </p>
      )}
      {analysis.usersNeeded !== undefined && analysis.usersNeeded > 0 && (
        <p>
          Users still needed per variant: <strong>{formatCount(analysis.usersNeeded)}</strong>
          {analysis.daysNeeded !== undefined
            ? ` (about ${formatNumber(analysis.daysNeeded, 0)} days at the current rate)`
            : ""}
        </p>
      )}
    </section>
  );
}

function MetricTable({ metrics }: { metrics: MetricComparison[] }) {
  if (metrics.length === 0) return null;
  return (
    <div className="table-wrap">
      <table aria-label="Statistical tests per metric">
        <thead>
          <tr>
            <th scope="col">Metric</th>
            <th scope="col">Control</th>
            <th scope="col">Treatment</th>
            <th scope="col">Difference (95% CI)</th>
            <th scope="col">Relative lift</th>
            <th scope="col">p-value</th>
          </tr>
        </thead>
        <tbody>
          {metrics.map((m) => (
            <tr key={`${m.metric}-${m.variant ?? ""}`}>
              <th scope="row">
                {m.label}
                {m.variant ? <span className="muted small"> ({m.variant})</span> : null}
              </th>
              <td>{formatNumber(m.control, 4)}</td>
              <td>{formatNumber(m.treatment, 4)}</td>
              <td>
                {m.ciLow !== undefined && m.ciHigh !== undefined
                  ? `${formatNumber(m.ciLow, 4)} to ${formatNumber(m.ciHigh, 4)}`
                  : "–"}
              </td>
              <td>
                {formatSignedPercent(m.relativeLift)}
                {m.relativeCiLow !== undefined && m.relativeCiHigh !== undefined && (
                  <span className="muted small">
                    {" "}
                    ({formatSignedPercent(m.relativeCiLow)} to{" "}
                    {formatSignedPercent(m.relativeCiHigh)})
                  </span>
                )}
              </td>
              <td className={m.pValue !== undefined && m.pValue < 0.05 ? "strong" : ""}>
                {formatP(m.pValue)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The figures that stay valid under daily peeking, and the Bayesian view, per comparison. */
function SequentialBayesTable({ metrics }: { metrics: MetricComparison[] }) {
  const rows = metrics.filter((m) => m.sequential || m.bayesian);
  if (rows.length === 0) return null;
  return (
    <>
      <h3>Sequential and Bayesian figures</h3>
      <p className="muted small">
        The sequential p-value and interval stay valid however often the test is looked at; the
        Bayesian figures give the chance treatment is better and what shipping it risks.
      </p>
      <div className="table-wrap">
        <table aria-label="Sequential and Bayesian figures">
          <thead>
            <tr>
              <th scope="col">Metric</th>
              <th scope="col">Always-valid p</th>
              <th scope="col">Always-valid lift interval</th>
              <th scope="col">Chance to beat control</th>
              <th scope="col">Expected loss if shipped</th>
              <th scope="col">Credible interval of lift</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((m) => (
              <tr key={`${m.metric}-${m.variant ?? ""}`}>
                <th scope="row">
                  {m.label}
                  {m.variant ? <span className="muted small"> ({m.variant})</span> : null}
                </th>
                <td>{formatP(pickNum(m.sequential, "p_value"))}</td>
                <td>
                  {formatSignedPercent(pickNum(m.sequential, "ci_low"))} to{" "}
                  {formatSignedPercent(pickNum(m.sequential, "ci_high"))}
                </td>
                <td>
                  {formatPercent(pickNum(m.bayesian, "probability_treatment_beats_control"), 1)}
                </td>
                <td>{formatNumber(pickNum(m.bayesian, "expected_loss_if_ship_treatment"), 4)}</td>
                <td>
                  {formatSignedPercent(pickNum(m.bayesian, "credible_interval_low"))} to{" "}
                  {formatSignedPercent(pickNum(m.bayesian, "credible_interval_high"))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function AnalysisBlock({ analysis }: { analysis: Analysis }) {
  const primaryArms = analysis.arms.find((metric) => metric.primary) ?? analysis.arms[0];
  return (
    <>
      <Verdict analysis={analysis} />
      {primaryArms && (
        <IntervalChart
          label={primaryArms.label}
          arms={primaryArms.arms}
          percent={primaryArms.arms.every((arm) => (arm.value ?? 0) <= 1)}
        />
      )}
      <LiftChart metrics={analysis.metrics} />
      <MetricTable metrics={analysis.metrics} />
      <SequentialBayesTable metrics={analysis.metrics} />
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
  // Without the engine's intervals, the chart falls back to Wilson intervals of the raw CTR.
  const needsFallbackChart = analysis.isError || (read !== undefined && read.arms.length === 0);
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
      {analysis.isPending && <Loading label="Analysing…" />}
      {analysis.isError && (
        <ErrorBox
          error={analysis.error}
          missing="the statistical analysis"
          retry={() => void analysis.refetch()}
        />
      )}
      {read && <AnalysisBlock analysis={read} />}
      <h3>Live metrics per variant</h3>
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
              <VariantTable rows={rows} />
              {needsFallbackChart && <IntervalChart label="CTR" arms={ctrArms(rows)} percent />}
              <PositionChart results={body} />
            </>
          );
        }}
      </QueryView>
      <TrendChart testId={test.id} />
    </section>
  );
}

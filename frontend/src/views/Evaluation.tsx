import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { useAdminCall } from "../api/admin";
import { ApiError, describeError } from "../api/client";
import { api, keys, type ModelStatus, type Schemas } from "../api/endpoints";
import { CHART_HEIGHT, colour } from "../components/charts";
import { Empty, ErrorBox, Loading } from "../components/states";
import {
  bestStrategy,
  catalogueWarning,
  GLOSSARY,
  HEADLINE_METRICS,
  isQualityMetric,
  metricLabel,
  metricNames,
  pastRuns,
  runFinished,
  runProgress,
  servedModels,
  type StrategyScores,
  strategyScores,
} from "../lib/evaluation";
import { formatNumber, formatTime } from "../lib/format";
import { pickStr } from "../lib/shape";

type TuningStatus = Schemas["TuningStatus"];

// The run being watched survives a reload; finished runs are the service's (Past runs).
const RUN_STORAGE = "smart-suggest.evaluation-run";

function ScoresChart({ rows, metrics }: { rows: StrategyScores[]; metrics: string[] }) {
  const shown = metrics.filter((name) => HEADLINE_METRICS.includes(name));
  const series = shown.length > 0 ? shown : metrics.slice(0, 3);
  const data = rows.map((row) => ({ strategy: row.strategy, ...row.metrics }));
  return (
    <figure className="chart" aria-label="Offline metrics per strategy">
      <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
        <BarChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="strategy" interval={0} tick={{ fontSize: 12 }} />
          <YAxis width={48} />
          <Tooltip formatter={(value) => formatNumber(Number(value), 4)} />
          <Legend itemSorter={(item) => series.indexOf(String(item.dataKey))} />
          {series.map((name, index) => (
            <Bar
              key={name}
              dataKey={name}
              name={metricLabel(name)}
              fill={colour(index)}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}

function ScoresTable({ rows, metrics }: { rows: StrategyScores[]; metrics: string[] }) {
  // The best ranking quality per metric is marked, so the table reads as a comparison.
  const best = Object.fromEntries(
    metrics
      .filter(isQualityMetric)
      .map((name) => [
        name,
        Math.max(...rows.map((row) => row.metrics[name] ?? Number.NEGATIVE_INFINITY)),
      ]),
  );
  return (
    <div className="table-wrap">
      <table aria-label="Offline evaluation per strategy">
        <thead>
          <tr>
            <th scope="col">Strategy</th>
            {metrics.map((name) => (
              <th scope="col" key={name}>
                {metricLabel(name)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.strategy}>
              <th scope="row">{row.strategy}</th>
              {metrics.map((name) => {
                const value = row.metrics[name];
                return (
                  <td
                    key={name}
                    className={value !== undefined && value === best[name] ? "strong" : ""}
                  >
                    {formatNumber(value, 4)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Glossary({ metrics }: { metrics: string[] }) {
  const known = metrics.filter((name) => GLOSSARY[name]);
  if (known.length === 0) return null;
  return (
    <details className="glossary">
      <summary>What the metrics mean</summary>
      <dl>
        {known.map((name) => (
          <div key={name}>
            <dt>{metricLabel(name)}</dt>
            <dd>{GLOSSARY[name]}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}

/** One run's figures: the best strategy named, a warning when they cannot separate, the rest. */
export function RunResults({ results, data }: { results: unknown; data: unknown }) {
  const rows = strategyScores(results);
  const metrics = metricNames(rows);
  if (rows.length === 0) return <Empty>The run finished but reported no strategies.</Empty>;
  const best = bestStrategy(rows);
  const warning = catalogueWarning(data, metrics);
  return (
    <>
      {best && (
        <p className="best">
          Best strategy: <strong>{best.strategy}</strong> ({metricLabel(best.metric)}{" "}
          {formatNumber(best.value, 4)})
        </p>
      )}
      {warning && (
        <p className="notice" role="note">
          {warning}
        </p>
      )}
      <ScoresChart rows={rows} metrics={metrics} />
      <ScoresTable rows={rows} metrics={metrics} />
      <Glossary metrics={metrics} />
    </>
  );
}

function RunView({ runId }: { runId: string }) {
  const queryClient = useQueryClient();
  const run = useQuery({
    queryKey: keys.evaluation(runId),
    queryFn: () => api.evaluationRun(runId),
    refetchInterval: (query) =>
      query.state.data && runFinished(query.state.data) !== "running" ? false : 1_000,
  });
  const finished = run.data && runFinished(run.data) === "done" ? run.data : undefined;
  useEffect(() => {
    if (finished) void queryClient.invalidateQueries({ queryKey: keys.evaluationRuns });
  }, [finished, queryClient]);
  if (run.isPending) return <Loading label="Starting…" />;
  if (run.isError) {
    // Runs are stored, but storage can be reset (seed, clear): then an old id is gone.
    if (run.error instanceof ApiError && run.error.status === 404) {
      return (
        <Empty>That run is no longer on the service (its data was reset). Start a new one.</Empty>
      );
    }
    return <ErrorBox error={run.error} retry={() => void run.refetch()} />;
  }
  const state = runFinished(run.data);
  const progress = runProgress(run.data);
  const rows = strategyScores(run.data.results);
  const message = pickStr(run.data, "message", "stage", "step");
  return (
    <div className="stack">
      {state === "running" && (
        <div>
          <label className="progress-label">
            Evaluating every strategy… {Math.round(progress * 100)}%
            <progress max={1} value={progress} aria-label="Evaluation progress" />
          </label>
          {message && <p className="muted small">{message}</p>}
        </div>
      )}
      {state === "failed" && (
        <p className="error" role="alert">
          The evaluation failed:{" "}
          {pickStr(run.data, "error", "detail", "message") ?? "no reason given"}
        </p>
      )}
      {state === "done" && rows.length > 0 && (
        <p className="success">Done: {rows.length} strategies evaluated on the data now loaded.</p>
      )}
      {state === "done" && <RunResults results={run.data.results} data={run.data.data} />}
    </div>
  );
}

/** Every finished run the service keeps, newest first, each openable. */
function PastRuns() {
  const runs = useQuery({ queryKey: keys.evaluationRuns, queryFn: api.evaluationRuns });
  const past = pastRuns(runs.data);
  const [shown, setShown] = useState<string | null>(null);
  if (past.length === 0) return null;
  const chosen = past.find((run) => run.id === shown);
  return (
    <section className="panel" aria-labelledby="past-runs-title">
      <h2 id="past-runs-title">Past runs</h2>
      <ul className="test-list" aria-label="Past evaluation runs">
        {past.map((run) => {
          const best = bestStrategy(strategyScores(run.results));
          return (
            <li key={run.id}>
              <button
                type="button"
                aria-pressed={run.id === shown}
                onClick={() => setShown(run.id === shown ? null : run.id)}
              >
                <span className="test-name">
                  {run.finishedAt
                    ? formatTime(new Date(run.finishedAt * 1000).toISOString())
                    : run.id}
                </span>
                <span className="muted small">
                  {best
                    ? ` best: ${best.strategy} (${metricLabel(best.metric)} ${formatNumber(best.value, 4)})`
                    : ""}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
      {chosen && <RunResults results={chosen.results} data={chosen.data} />}
    </section>
  );
}

const TUNING_STATES: Record<TuningStatus["state"], string> = {
  off: "Self-tuning is off (TUNING_BUDGET_SECONDS=0, or this process fits its own models): every strategy runs at its defaults.",
  too_little_data:
    "Too little data to tune yet (TUNING_MIN_EVENTS): every strategy runs at its defaults.",
  pending: "The first self-tuning is under way: the defaults are served until it ends.",
  failed: "The last self-tuning failed: the defaults are served.",
  tuned: "",
};

/** What each strategy is served with, and how it did on the validation split when tuned. */
export function ServedModels({ status }: { status: ModelStatus }) {
  const rows = servedModels(status);
  const tuning = status.tuning;
  if (rows.length === 0) return <Empty>The service reports no served parameters yet.</Empty>;
  return (
    <>
      {tuning?.state === "tuned" ? (
        <p className="muted">
          Chosen on the validation split of {formatNumber(tuning.events)} stored events,{" "}
          {tuning.tuned_at ? formatTime(new Date(tuning.tuned_at * 1000).toISOString()) : "–"} (
          {tuning.reason ?? "tuned"}; {formatNumber(tuning.seconds, 1)} s of a{" "}
          {formatNumber(tuning.budget_seconds, 0)} s budget
          {tuning.complete ? "" : ", stopped by the budget"}).
        </p>
      ) : (
        <p className="muted">{TUNING_STATES[tuning?.state ?? "off"]}</p>
      )}
      <div className="table-wrap">
        <table aria-label="Served models">
          <thead>
            <tr>
              <th scope="col">Strategy</th>
              <th scope="col">Parameters</th>
              <th scope="col">Validation NDCG@10</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.strategy}>
                <th scope="row">
                  {row.strategy}
                  {row.best && <span className="muted small"> best</span>}
                </th>
                <td className="small">{row.parameters.join(", ")}</td>
                <td className={row.best ? "strong" : ""}>{formatNumber(row.ndcg, 4)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function ServedModelsPanel() {
  const status = useQuery({ queryKey: keys.model, queryFn: api.model });
  return (
    <section className="panel" aria-labelledby="served-title">
      <h2 id="served-title">Served models</h2>
      {status.isPending ? (
        <Loading />
      ) : status.isError ? (
        <ErrorBox error={status.error} retry={() => void status.refetch()} />
      ) : (
        <ServedModels status={status.data} />
      )}
    </section>
  );
}

export function EvaluationView() {
  const [runId, setRunId] = useState<string | null>(() => localStorage.getItem(RUN_STORAGE));
  const queryClient = useQueryClient();
  const adminCall = useAdminCall();
  // Starting a run costs the service CPU, so it needs the admin key when one is set.
  const start = useMutation({
    mutationFn: () => adminCall(api.startEvaluation),
    onSuccess: (run) => {
      const id = String(run.id);
      localStorage.setItem(RUN_STORAGE, id);
      queryClient.setQueryData(keys.evaluation(id), run);
      setRunId(id);
    },
  });
  const missing = start.error instanceof ApiError && start.error.notFound;
  return (
    <div className="stack">
      <section className="panel" aria-labelledby="eval-title">
        <h2 id="eval-title">Offline evaluation</h2>
        <p className="muted">
          Holds out each user's latest interactions from the data now loaded, ranks with every
          registered strategy, and scores the rankings: NDCG@10, Recall@20 and catalog coverage.
        </p>
        <div className="row">
          <button
            type="button"
            className="primary"
            disabled={start.isPending}
            onClick={() => start.mutate()}
          >
            {start.isPending ? "Starting…" : "Run evaluation"}
          </button>
        </div>
        {start.isError && (
          <p className={missing ? "notice" : "error"} role="alert">
            {missing
              ? "This service does not offer evaluation runs yet (POST /evaluation/runs is not there). Use the evaluation command line instead."
              : `Could not start: ${describeError(start.error)}`}
          </p>
        )}
      </section>
      <section className="panel" aria-labelledby="eval-results-title">
        <h2 id="eval-results-title">Results</h2>
        {runId ? (
          <RunView key={runId} runId={runId} />
        ) : (
          <Empty>No run yet. Press Run evaluation.</Empty>
        )}
      </section>
      <PastRuns />
      <ServedModelsPanel />
    </div>
  );
}

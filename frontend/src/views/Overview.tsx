import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useAdminCall } from "../api/admin";
import { describeError } from "../api/client";
import { api, keys } from "../api/endpoints";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { ErrorBox, Loading } from "../components/states";
import { readCounts } from "../lib/counts";
import { formatCount } from "../lib/format";
import { ArchitectureDiagram } from "./ArchitectureDiagram";

const STACK: [string, string][] = [
  ["API", "FastAPI, pydantic, uvicorn"],
  ["Storage", "SQLAlchemy 2 on SQLite or PostgreSQL (DATABASE_URL)"],
  ["Cache", "In-process TTL cache or Redis (REDIS_URL)"],
  ["Models", "NumPy and SciPy sparse matrices, scikit-learn TF-IDF"],
  ["Statistics", "SciPy distributions; frequentist, sequential and Bayesian"],
  ["Dashboard", "React, TypeScript, TanStack Query, Recharts, Vite"],
];

const WORKFLOW: [string, string][] = [
  ["Create a test", "Name it and bind each variant to a strategy with a traffic weight."],
  ["Assign users", "Each user is hashed (MD5 of test and user id) into a variant and keeps it."],
  [
    "Serve and log",
    "The storefront asks for recommendations under the test; each list is an impression.",
  ],
  [
    "Attribute events",
    "Clicks and purchases carrying the impression id count for the variant that showed them.",
  ],
  ["Analyse", "Per-user metrics, intervals, sample-ratio check, sequential and Bayesian views."],
  ["Decide", "The verdict says ship, stop or how many more users are needed."],
];

function Counts() {
  const counts = useQuery({ queryKey: keys.counts, queryFn: readCounts, refetchInterval: 5_000 });
  if (counts.isPending) return <Loading label="Counting…" />;
  if (counts.isError) return <ErrorBox error={counts.error} retry={() => void counts.refetch()} />;
  const cards: [string, string][] = [
    ["Users", formatCount(counts.data.users)],
    ["Items", formatCount(counts.data.items)],
    ["Events", formatCount(counts.data.events) + (counts.data.eventsComplete ? "" : "+")],
    ["Running tests", formatCount(counts.data.runningTests)],
  ];
  return (
    <dl className="cards" aria-label="Live counts">
      {cards.map(([label, value]) => (
        <div className="card" key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function DataButtons() {
  const queryClient = useQueryClient();
  const adminCall = useAdminCall();
  const [confirming, setConfirming] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  // Seeding or clearing changes everything, so every cached answer is refetched.
  const refreshAll = () => queryClient.invalidateQueries();
  const seed = useMutation({
    mutationFn: () => adminCall(api.seed),
    onSuccess: () => setMessage("Sample data loaded: users, items, events and a 7-day A/B test."),
    onSettled: refreshAll,
  });
  const clear = useMutation({
    mutationFn: () => adminCall(api.clear),
    onSuccess: () => setMessage("All data removed."),
    onSettled: refreshAll,
  });
  const busy = seed.isPending || clear.isPending;
  const failed = seed.error ?? clear.error;
  return (
    <div className="data-buttons">
      <div className="row">
        <button type="button" className="primary" disabled={busy} onClick={() => seed.mutate()}>
          {seed.isPending ? "Loading sample data…" : "Load sample data"}
        </button>
        <button
          type="button"
          className="danger"
          disabled={busy}
          onClick={() => setConfirming(true)}
        >
          {clear.isPending ? "Clearing…" : "Clear data"}
        </button>
      </div>
      <div aria-live="polite">
        {failed ? (
          <p className="error" role="alert">
            {describeError(failed)}
          </p>
        ) : (
          message && <p className="success">{message}</p>
        )}
      </div>
      {confirming && (
        <ConfirmDialog
          title="Clear all data?"
          message="This removes every user, item, event and A/B test from the service. It cannot be undone."
          confirmLabel="Yes, clear everything"
          onCancel={() => setConfirming(false)}
          onConfirm={() => {
            setConfirming(false);
            setMessage(null);
            clear.mutate();
          }}
        />
      )}
    </div>
  );
}

export function OverviewView() {
  return (
    <div className="stack">
      <section className="panel" aria-labelledby="counts-title">
        <div className="panel-head">
          <h2 id="counts-title">Live counts</h2>
          <DataButtons />
        </div>
        <Counts />
      </section>
      <section className="panel" aria-labelledby="arch-title">
        <h2 id="arch-title">Architecture</h2>
        <ArchitectureDiagram />
      </section>
      <div className="two-col">
        <section className="panel" aria-labelledby="workflow-title">
          <h2 id="workflow-title">How an A/B test runs</h2>
          <ol className="steps">
            {WORKFLOW.map(([title, text]) => (
              <li key={title}>
                <strong>{title}.</strong> {text}
              </li>
            ))}
          </ol>
        </section>
        <section className="panel" aria-labelledby="stack-title">
          <h2 id="stack-title">Stack</h2>
          <dl className="stack-list">
            {STACK.map(([part, tools]) => (
              <div key={part}>
                <dt>{part}</dt>
                <dd>{tools}</dd>
              </div>
            ))}
          </dl>
        </section>
      </div>
    </div>
  );
}

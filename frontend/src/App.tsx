import { useQuery } from "@tanstack/react-query";
import { lazy, Suspense, useEffect, useState } from "react";
import { api, keys } from "./api/endpoints";
import { Loading } from "./components/states";
import { type TabSpec, Tabs } from "./components/Tabs";
import { OverviewView } from "./views/Overview";
import { RecommendationsView } from "./views/Recommendations";

// The chart-heavy tabs load on first visit, so the first page needs no charting code.
const AbTestsView = lazy(() => import("./views/AbTests").then((m) => ({ default: m.AbTestsView })));
const EvaluationView = lazy(() =>
  import("./views/Evaluation").then((m) => ({ default: m.EvaluationView })),
);

const TABS: TabSpec[] = [
  { id: "overview", label: "Overview" },
  { id: "recommendations", label: "Recommendations" },
  { id: "ab-tests", label: "A/B tests" },
  { id: "evaluation", label: "Evaluation" },
];

function tabFromHash(): string {
  const id = window.location.hash.replace(/^#/, "");
  return TABS.some((tab) => tab.id === id) ? id : "overview";
}

/** The service's health, polled, in the header: the one place that says "down" for every tab. */
function HealthBadge() {
  const health = useQuery({
    queryKey: keys.health,
    queryFn: api.health,
    refetchInterval: 5_000,
    retry: false,
  });
  if (health.isPending) return <span className="badge">checking service…</span>;
  if (health.isError) {
    return (
      <span className="badge bad" role="alert">
        Service unreachable
      </span>
    );
  }
  const status = typeof health.data.status === "string" ? health.data.status : "answering";
  const storage = typeof health.data.storage === "string" ? health.data.storage : undefined;
  const cache = typeof health.data.cache === "string" ? health.data.cache : undefined;
  return (
    <span className="badge good" title="GET /health">
      Service {status}
      {storage ? ` · ${storage}` : ""}
      {cache ? ` · cache ${cache}` : ""}
    </span>
  );
}

export function App() {
  const [tab, setTab] = useState(tabFromHash);
  useEffect(() => {
    const onHash = () => setTab(tabFromHash());
    window.addEventListener("hashchange", onHash);
    return () => window.removeEventListener("hashchange", onHash);
  }, []);
  const choose = (id: string) => {
    setTab(id);
    window.history.replaceState(null, "", `#${id}`);
  };
  return (
    <>
      <header className="app-header">
        <div className="brand">
          <h1>smart-suggest</h1>
          <p className="muted">Recommendations with A/B testing built in</p>
        </div>
        <HealthBadge />
      </header>
      <nav>
        <Tabs tabs={TABS} current={tab} onChange={choose} />
      </nav>
      <main>
        {TABS.map((spec) => (
          <section
            key={spec.id}
            role="tabpanel"
            id={`panel-${spec.id}`}
            aria-labelledby={`tab-${spec.id}`}
            hidden={spec.id !== tab}
          >
            {spec.id === tab && spec.id === "overview" && <OverviewView />}
            {spec.id === tab && spec.id === "recommendations" && <RecommendationsView />}
            <Suspense fallback={<Loading label="Loading the view…" />}>
              {spec.id === tab && spec.id === "ab-tests" && <AbTestsView />}
              {spec.id === tab && spec.id === "evaluation" && <EvaluationView />}
            </Suspense>
          </section>
        ))}
      </main>
      <footer className="muted">
        API reference: <a href="/docs">/docs</a> · schema: <a href="/openapi.json">/openapi.json</a>
      </footer>
    </>
  );
}

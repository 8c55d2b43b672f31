/**
 * The Recommendations and Evaluation tabs as a person sees them. Lists and runs are the
 * service's answers, put in the query cache so the components render them without a server.
 */
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { ReactNode } from "react";
import { AdminKeyProvider } from "../api/admin";
import { keys, type ModelStatus, type Recommendations } from "../api/endpoints";
import { scoreScale } from "../lib/recommendations";
import run from "../lib/fixtures/evaluation-run-sample.json";
import tunedModelJson from "../lib/fixtures/model-status-tuned.json";
import { EvaluationView, RunResults, ServedModels } from "./Evaluation";
import { RecList } from "./Recommendations";

const tunedModel = tunedModelJson as ModelStatus;

function withCache(fill: (client: QueryClient) => void, children: ReactNode) {
  const client = new QueryClient({
    defaultOptions: { queries: { staleTime: Number.POSITIVE_INFINITY, retry: false } },
  });
  fill(client);
  return render(
    <QueryClientProvider client={client}>
      <AdminKeyProvider>{children}</AdminKeyProvider>
    </QueryClientProvider>,
  );
}

const catalogue = {
  items: [
    { item_id: "elec-005", title: "USB-C Fast Charger 65W", category: "electronics", price: 39 },
    { item_id: "sport-002", title: "Hiking Backpack", category: "sports", price: 89.5 },
  ],
  total: 2,
  limit: 1000,
  offset: 0,
};

function list(
  items: Recommendations["items"],
  extra: Partial<Recommendations> = {},
): Recommendations {
  return {
    user_id: "u1",
    strategy: "hybrid",
    n: 10,
    items,
    source: "model",
    fallback: null,
    filters: { category: [], min_price: null, max_price: null, exclude: [] },
    weights: null,
    model_version: 2,
    ...extra,
  };
}

function showList(answer: Recommendations, shared = new Set<string>()) {
  withCache(
    (client) => {
      client.setQueryData(keys.recommendation("u1", "hybrid"), answer);
      client.setQueryData(keys.items, catalogue);
    },
    <RecList
      userId="u1"
      strategy="hybrid"
      title="hybrid"
      onEvent={() => undefined}
      pending={false}
      comparison={{ title: "v2", ids: shared }}
    />,
  );
  return screen.getByRole("list", { name: "hybrid items" });
}

describe("a recommendation list", () => {
  it("puts raw scores on one 0-100 scale, says so, and names reasons in plain words", () => {
    // A cold user: the service answered with its popular fallback and raw trending scores.
    const items = showList(
      list(
        [
          {
            item_id: "elec-005",
            score: 43.565926,
            title: "USB-C Fast Charger 65W",
            category: "electronics",
            reason: "trending: 28 people, 69 interactions",
            via: "popular_fallback",
          },
          {
            item_id: "sport-002",
            score: 21.782963,
            title: "Hiking Backpack",
            category: "sports",
            reason: "trending: 12 people, 30 interactions",
            via: "popular_fallback",
          },
        ],
        { fallback: "popular_fallback" },
      ),
      new Set(["sport-002"]),
    );
    expect(screen.getByText("Score, 0–100 relative to this list's top item")).toBeVisible();
    const [first, second] = within(items).getAllByRole("listitem");
    expect(first).toHaveTextContent("100");
    expect(second).toHaveTextContent("50");
    // A fill on another scale after the top item never reads above the top.
    expect(scoreScale([2, 1, 40]).values).toEqual([100, 50, 100]);
    expect(first).toHaveTextContent("popular with everyone (nothing personal to go on yet)");
    expect(screen.getByText(/too little history for this strategy/)).toHaveTextContent(
      "the list shows popular with everyone.",
    );
    expect(document.body).not.toHaveTextContent("popular_fallback");
    // Prices from the catalogue, and the item the other list also holds is marked.
    expect(first).toHaveTextContent("¤39.00");
    expect(second).toHaveTextContent("¤89.50");
    expect(second).toHaveTextContent("also in v2");
    expect(first).not.toHaveTextContent("also in");
  });

  it("shows a score the service gives on 0..1 as it is, and the answer's own price", () => {
    const items = showList(
      list([
        {
          item_id: "elec-005",
          score: 0.87,
          title: "USB-C Fast Charger 65W",
          category: "electronics",
          reason: "liked by 5 of your 20 nearest neighbours",
          via: "model",
          price: 35,
        },
      ]),
    );
    expect(screen.getByText("Match score, 0–100")).toBeVisible();
    const [only] = within(items).getAllByRole("listitem");
    expect(only).toHaveTextContent("87");
    expect(only).toHaveTextContent("¤35.00");
    expect(only).toHaveTextContent("picked for this user");
  });
});

describe("an evaluation run", () => {
  beforeEach(() => localStorage.clear());

  it("names the best strategy, warns that 20 items cannot separate lists of 20, explains the metrics", async () => {
    render(<RunResults results={run.results} data={run.data} />);
    const best = [...run.results].sort((a, b) => b.ndcg_at_10 - a.ndcg_at_10)[0]!;
    expect(screen.getByText(/^Best strategy:/)).toHaveTextContent(
      `Best strategy: ${best.strategy} (NDCG@10 ${best.ndcg_at_10.toFixed(4)})`,
    );
    expect(screen.getByRole("note")).toHaveTextContent(
      "The catalogue has 20 items and lists of up to 20 are scored: each list holds the whole catalogue",
    );
    await userEvent.setup().click(screen.getByText("What the metrics mean"));
    expect(screen.getByText(/held-out items rank in the top 10/)).toBeVisible();
    expect(screen.getByText(/Share of the catalogue that appears/)).toBeVisible();
  });

  it("lists the runs the service keeps, finished ones only, and shows each one's figures", async () => {
    // What GET /evaluation/runs answers after a reload or a restart: a failed and a done run.
    const failed = { ...run, id: "failed-run", status: "failed", results: [] };
    withCache(
      (client) => client.setQueryData(keys.evaluationRuns, { runs: [failed, run] }),
      <EvaluationView />,
    );
    const past = screen.getByRole("list", { name: "Past evaluation runs" });
    const entry = within(past).getByRole("button");
    expect(entry).toHaveTextContent("best: content (NDCG@10 0.6078)");
    await userEvent.setup().click(entry);
    expect(screen.getByRole("table", { name: "Offline evaluation per strategy" })).toBeVisible();
  });
});

describe("the served models panel", () => {
  it("shows each strategy's served parameters with its validation NDCG@10, the best marked", () => {
    // /model of a service whose builder self-tuned a synthetic shop (captured).
    withCache((client) => client.setQueryData(keys.model, tunedModel), <EvaluationView />);
    const table = screen.getByRole("table", { name: "Served models" });
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows.map((row) => within(row).getByRole("rowheader").textContent)).toEqual([
      "cf",
      "content",
      "item_cf",
      "popular",
      "hybrid",
      "ease best",
      "rp3beta",
      "als",
    ]);
    const [, , itemCf, , hybrid, ease] = rows;
    expect(ease).toHaveTextContent("l2=3000");
    expect(ease).toHaveTextContent("0.2291");
    expect(itemCf).toHaveTextContent("weighting=cosine");
    // The hybrid's blend as weights; its components' parameters are in their own rows.
    expect(hybrid).toHaveTextContent("ease 0.5, rp3beta 0.3, content 0.2, half_life_days=30");
    expect(hybrid).not.toHaveTextContent("component_params");
    expect(
      screen.getByText(/Chosen on the validation split of 2,707 stored events/),
    ).toHaveTextContent("stopped by the budget");
  });

  it("says when the defaults are served because tuning is off", () => {
    const off = {
      ...tunedModel,
      tuning: { state: "off" as const, budget_seconds: 0 },
    };
    withCache(() => undefined, <ServedModels status={off} />);
    expect(screen.getByText(/Self-tuning is off/)).toBeVisible();
    const rows = within(screen.getByRole("table", { name: "Served models" })).getAllByRole("row");
    // No validation figure without a tuning, and nothing is marked best.
    expect(rows[1]).toHaveTextContent("–");
    expect(screen.queryByText("best")).toBeNull();
  });
});

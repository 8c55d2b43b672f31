/**
 * The results page as a product manager reads it, from the engine's real answers for the
 * seeded demo test and for a test nobody has seen yet (captured from the running service).
 */
import { render, screen, within } from "@testing-library/react";
import type { AbTest } from "../api/endpoints";
import { readAnalysis } from "../lib/abtest";
import seeded from "../lib/fixtures/engine-analysis-seeded.json";
import noUsers from "../lib/fixtures/engine-analysis-no-users.json";
import overTime from "../lib/fixtures/metrics-over-time-seeded.json";
import { cumulativeLift, metricRows, ratioInterval, settledText } from "../lib/results";
import {
  formatDuration,
  IntegrationSnippet,
  liftAxis,
  MetricResults,
  SrmBanner,
  Verdict,
} from "./AbTestDetail";

const test: AbTest = {
  id: 7,
  name: "Homepage",
  description: "",
  status: "active",
  mode: "fixed",
  created_at: "2026-11-24T21:50:26Z",
  stopped_at: null,
  layer: null,
  layer_traffic: null,
  variants: [
    { name: "control", strategy: "cf", weight: 0.5 },
    { name: "treatment", strategy: "content", weight: 0.5 },
  ],
};

/** The seeded answer with its CTR comparison replaced, e.g. to force a wide interval. */
function withCtr(change: Record<string, unknown>) {
  const copy = structuredClone<typeof seeded>(seeded);
  Object.assign(copy.metrics[0]!.comparisons[0]!, change);
  return copy;
}

describe("the metrics table", () => {
  it("has one row per metric, primary first, each value in its unit", () => {
    render(<MetricResults analysis={readAnalysis(seeded)} />);
    const table = screen.getByRole("table", { name: "Results per metric" });
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows.map((row) => within(row).getByRole("rowheader").textContent)).toEqual([
      "CTR (%)primary",
      "conversion (%)secondary",
      "revenue per user (money per user)secondary",
      "engagement seconds (seconds per user)secondary",
    ]);
    // CTR as a percentage, the same 40.82 % the engine computed, never 0.4082.
    expect(rows[0]).toHaveTextContent("40.82%");
    expect(rows[0]).toHaveTextContent("48.37%");
    expect(table).not.toHaveTextContent("0.4082");
    // Engagement is the engine's per-user figure, with its unit; revenue is money.
    expect(rows[3]).toHaveTextContent("296.2 s");
    expect(rows[2]).toHaveTextContent("¤83.05");
    // The chance to beat control and the primary metric's decision.
    expect(rows[0]).toHaveTextContent("85.6%");
    expect(rows[0]).toHaveTextContent("keep running");
    expect(rows[1]).toHaveTextContent("no clear difference");
  });

  it("draws the interval the sequential rule decides on, cut at -100 % and said so", () => {
    render(<MetricResults analysis={readAnalysis(seeded)} />);
    const ctr = screen.getAllByRole("row")[1]!;
    // The always-valid interval is -139.5 % to +176.5 %: below -100 % it is labelled.
    expect(ctr).toHaveTextContent("+18.5% (≤ −100% to +176.5%)");
    expect(ctr).not.toHaveTextContent("-139.5%");
    expect(within(ctr).getByRole("img")).toHaveAccessibleName(
      "lift +18.5%, 95% interval ≤ −100% to +176.5%",
    );
  });

  it("clips a fixed-horizon interval of -426 % too, and marks a significant guardrail loss", () => {
    const body = withCtr({
      decision_basis: "fixed_horizon",
      relative_lift: { estimate: -0.3, ci_low: -4.26, ci_high: -0.1 },
    });
    const guarded = { ...body, guardrail_metrics: ["engagement"] };
    Object.assign(guarded.metrics[3]!.comparisons[0]!, {
      significant: true,
      relative_lift: { estimate: -0.2, ci_low: -0.3, ci_high: -0.1 },
      decision_basis: "fixed_horizon",
    });
    const rows = metricRows(readAnalysis(guarded));
    expect(rows[0]?.lift).toMatchObject({ low: -1, clippedLow: true, basis: "fixed" });
    expect(rows.map((row) => row.role)).toEqual(["primary", "guardrail", "secondary", "secondary"]);
    expect(rows[1]).toMatchObject({ metric: "engagement", decision: "guardrail breached" });
    render(<MetricResults analysis={readAnalysis(guarded)} />);
    expect(screen.getAllByRole("row")[1]).toHaveTextContent("-30.0% (≤ −100% to -10.0%)");
    expect(screen.getByRole("table")).not.toHaveTextContent("-426");
  });
});

describe("the verdict and the sample-ratio check", () => {
  it("names the rule and the primary metric, and puts the wait in weeks or years", () => {
    render(<Verdict analysis={readAnalysis(seeded)} />);
    const verdict = screen.getByRole("region", { name: "Verdict" });
    expect(verdict).toHaveTextContent(/Decided by the sequential rule .* on CTR, at a 5% level/);
    expect(verdict).toHaveTextContent(
      "Users still needed per variant: 25,401 (about 23 years at the current rate: underpowered at this traffic)",
    );
    // A passing check is not news: no banner.
    render(<SrmBanner analysis={readAnalysis(seeded)} />);
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("says nothing about the sample ratio before there are users", () => {
    // The engine answers p = 1.0 "split as intended" for a test nobody has seen.
    expect(noUsers.sample_ratio.p_value).toBe(1);
    const { container } = render(<SrmBanner analysis={readAnalysis(noUsers)} />);
    expect(container).toBeEmptyDOMElement();
  });

  it("warns in a banner when the split is off", () => {
    const broken = {
      ...seeded,
      sample_ratio: {
        checked: true,
        mismatch: true,
        p_value: 0.00002,
        explanation: "42/58 split.",
      },
    };
    render(<SrmBanner analysis={readAnalysis(broken)} />);
    expect(screen.getByRole("alert")).toHaveTextContent(
      "Sample ratio mismatch: do not trust the comparison. 42/58 split. (p = < 0.001)",
    );
  });

  it("does not say 'yet' or ask for more users once the test is stopped", () => {
    render(<Verdict analysis={readAnalysis(seeded)} stopped />);
    const verdict = screen.getByRole("region", { name: "Verdict" });
    expect(verdict).toHaveTextContent("Final verdict");
    expect(verdict).toHaveTextContent("No detectable difference (treatment vs control");
    expect(verdict).not.toHaveTextContent(/\byet\b/);
    expect(verdict).not.toHaveTextContent("Users still needed");
    expect(settledText("No detectable difference yet.", false)).toBe(
      "No detectable difference yet.",
    );
  });

  it("writes durations a person can read", () => {
    expect(formatDuration(4)).toBe("about 4 days");
    expect(formatDuration(133)).toBe("about 19 weeks");
    expect(formatDuration(8467)).toBe("about 23 years");
  });
});

describe("the cumulative lift", () => {
  it("matches a hand-worked delta-method interval of a ratio of two CTRs", () => {
    // 20/100 against 10/100: lift +100 %; var(log ratio) = 0.8/20 + 0.9/10 = 0.13.
    const result = ratioInterval(20, 100, 10, 100);
    expect(result?.lift).toBeCloseTo(1, 10);
    expect(result?.low).toBeCloseTo(-0.013437, 5);
    expect(result?.high).toBeCloseTo(3.054479, 5);
    expect(ratioInterval(0, 100, 10, 100)).toBeUndefined();
  });

  it("accumulates the seeded days and ends at the lift of the totals", () => {
    const series = cumulativeLift(overTime, "control");
    expect(series.treatments).toEqual(["treatment"]);
    expect(series.hasUsers).toBe(false);
    const last = series.points.at(-1)!;
    // All days together are the test's totals: 119/246 against 60/147.
    expect(last["lift:treatment"]).toBeCloseTo(119 / 246 / (60 / 147) - 1, 10);
    expect(series.points[1]?.["traffic:control"]).toBe(24);
    const { domain, ticks } = liftAxis(series.points, "treatment");
    expect(domain[0]).toBeGreaterThanOrEqual(-1);
    // Round ticks from the bottom to the top of the band, 0 among them.
    expect(ticks[0]).toBe(domain[0]);
    expect(ticks.at(-1)).toBe(domain[1]);
    expect(ticks).toContain(0);
    expect(liftAxis([{ day: "d", "band:t": [-3, 0.5] }], "t").ticks).toEqual([-1, -0.5, 0, 0.5]);
  });
});

describe("the integration snippet", () => {
  it("gives the test's call and how to send impression_id back", () => {
    render(<IntegrationSnippet test={test} origin="https://shop.example" />);
    const code = screen.getByText(/curl "https:\/\/shop.example\/recommendations/);
    expect(code).toHaveTextContent(
      'curl "https://shop.example/recommendations?user_id=USER_ID&test_id=7&n=10"',
    );
    expect(code).toHaveTextContent('curl -X POST "https://shop.example/interactions"');
    expect(code).toHaveTextContent('"impression_id": "IMPRESSION_ID"');
    expect(screen.getByRole("button", { name: "Copy" })).toBeEnabled();
    expect(screen.queryByText(/This test is stopped/)).toBeNull();
  });

  it("warns that a stopped test serves no variant", () => {
    render(
      <IntegrationSnippet
        test={{ ...test, status: "stopped", stopped_at: "2026-12-01T00:00:00Z" }}
        origin="http://x"
      />,
    );
    expect(screen.getByText(/This test is stopped/)).toHaveTextContent("variant null");
  });
});

import { ctrByPosition, ctrTrend, readAnalysis, variantRows, wilsonInterval } from "./abtest";
import shipAnalysis from "./fixtures/engine-analysis.json";
import tooEarlyAnalysis from "./fixtures/engine-analysis-too-early.json";

describe("wilsonInterval", () => {
  it("matches the textbook Wilson interval for 10 successes in 100", () => {
    // Worked by hand: centre (0.1 + 1.92/100) / 1.0384 = 0.11482, half-width 0.05961.
    const [low, high] = wilsonInterval(10, 100);
    expect(low).toBeCloseTo(0.05522, 4);
    expect(high).toBeCloseTo(0.17436, 4);
  });

  it("stays inside [0, 1] at 0/n and n/n and is vacuous without trials", () => {
    expect(wilsonInterval(0, 20)[0]).toBe(0);
    expect(wilsonInterval(20, 20)[1]).toBe(1);
    expect(wilsonInterval(0, 0)).toEqual([0, 1]);
  });
});

describe("variantRows", () => {
  it("reads a list of variants and fills in CTR and its interval from the counts", () => {
    const rows = variantRows({
      test_id: 1,
      variants: [
        {
          variant: "control",
          strategy: "cf",
          exposed_users: 25,
          impressions: 200,
          clicks: 20,
          purchases: 3,
        },
        {
          variant: "treatment",
          strategy: "content",
          exposed_users: 25,
          impressions: 180,
          clicks: 27,
          ctr: 0.15,
        },
      ],
    });
    expect(rows.map((row) => row.variant)).toEqual(["control", "treatment"]);
    expect(rows[0]?.ctr).toBeCloseTo(0.1);
    expect(rows[0]?.ctrLow).toBeLessThan(0.1);
    expect(rows[0]?.ctrHigh).toBeGreaterThan(0.1);
    expect(rows[1]?.ctr).toBe(0.15);
    expect(rows[0]?.users).toBe(25);
  });

  it("reads variants keyed by name and keeps the service's own interval", () => {
    const rows = variantRows({
      variants: { a: { impressions: 10, clicks: 1, ctr_ci_low: 0.01, ctr_ci_high: 0.4 } },
    });
    expect(rows).toEqual([
      expect.objectContaining({ variant: "a", ctr: 0.1, ctrLow: 0.01, ctrHigh: 0.4 }),
    ]);
  });

  it("gives no rows for an empty answer", () => {
    expect(variantRows({ variants: [] })).toEqual([]);
    expect(variantRows(null)).toEqual([]);
  });
});

// Both fixtures are the statistics engine's own output (stats.experiment.analyze_experiment
// serialised with to_dict()), so the reader is tested on the shape the service sends:
//   ship: control 100/1000 vs treatment 135/1010 conversions, plus revenue per user;
//   too early: 20/200 vs 24/205 at 100 users a day.
describe("readAnalysis on the engine's output", () => {
  it("finds the verdict, the decision and each comparison with its relative lift", () => {
    const analysis = readAnalysis(shipAnalysis);
    expect(analysis.verdict).toMatch(/^Treatment raises conversion rate by 33.7%.*ship it\.$/);
    expect(analysis.decision).toBe("ship");
    expect(analysis.recommendedVariant).toBe("treatment");
    expect(analysis.metrics.map((m) => [m.metric, m.variant, m.primary])).toEqual([
      ["conversion", "treatment", true],
      ["revenue", "treatment", false],
    ]);
    const conversion = analysis.metrics[0];
    expect(conversion?.control).toBe(0.1);
    expect(conversion?.relativeLift).toBeCloseTo(0.3366, 3);
    expect(conversion?.relativeCiLow).toBeLessThan(conversion?.relativeLift ?? 0);
    expect(conversion?.sequential).toHaveProperty("p_value");
    expect(conversion?.bayesian).toHaveProperty("probability_treatment_beats_control");
    expect(analysis.srm).toMatchObject({
      ok: true,
      message: "The users are split as intended (no sample-ratio mismatch).",
    });
    expect(analysis.srm?.pValue).toBe(shipAnalysis.sample_ratio.p_value);
  });

  it("gives each variant's value with its own interval for the chart", () => {
    const [conversion] = readAnalysis(shipAnalysis).arms;
    expect(conversion?.primary).toBe(true);
    expect(conversion?.arms.map((arm) => arm.variant)).toEqual(["control", "treatment"]);
    for (const arm of conversion?.arms ?? []) {
      expect(arm.ciLow).toBeLessThan(arm.value ?? 0);
      expect(arm.ciHigh).toBeGreaterThan(arm.value ?? 1);
    }
  });

  it("says how many more users and days the primary metric needs when it is too early", () => {
    const analysis = readAnalysis(tooEarlyAnalysis);
    const needed = tooEarlyAnalysis.metrics[0]?.comparisons[0]?.sample_size;
    expect(analysis.decision).toBe("keep_running");
    expect(needed?.more_users_needed_per_variant).toBeGreaterThan(0);
    expect(analysis.usersNeeded).toBe(needed?.more_users_needed_per_variant);
    expect(analysis.daysNeeded).toBe(needed?.days_needed);
  });
});

describe("readAnalysis on other shapes", () => {
  it("reads metrics keyed by name, a plain verdict and flat lifts", () => {
    const analysis = readAnalysis({
      verdict: "No detectable difference yet.",
      metrics: {
        ctr: { p_value: 0.5, relative_lift: 0.1, relative_ci_low: -0.1, relative_ci_high: 0.3 },
      },
      users_needed: 3400,
    });
    expect(analysis.verdict).toBe("No detectable difference yet.");
    expect(analysis.metrics[0]).toMatchObject({
      metric: "ctr",
      label: "Ctr",
      pValue: 0.5,
      relativeCiHigh: 0.3,
    });
    expect(analysis.usersNeeded).toBe(3400);
  });

  it("flags a sample-ratio mismatch from a small p-value when no flag is given", () => {
    expect(readAnalysis({ srm: { p_value: 0.00001 } }).srm?.ok).toBe(false);
    expect(
      readAnalysis({ sample_ratio: { mismatch: true, explanation: "Verdict withheld" } }).srm,
    ).toMatchObject({
      ok: false,
      message: "Verdict withheld",
    });
  });

  it("reads nothing from nothing", () => {
    expect(readAnalysis(null)).toMatchObject({ metrics: [], arms: [], notes: [] });
  });
});

describe("ctrTrend", () => {
  it("pivots flat rows into one point per day with a column per variant", () => {
    const { points, variants } = ctrTrend({
      buckets: [
        { bucket: "2026-11-17T00:00:00Z", variant: "control", impressions: 100, clicks: 10 },
        { bucket: "2026-11-17T00:00:00Z", variant: "treatment", ctr: 0.12 },
        { bucket: "2026-11-16T00:00:00Z", variant: "control", impressions: 50, clicks: 4 },
        { bucket: "2026-11-16T00:00:00Z", variant: "control", impressions: 0 },
      ],
    });
    expect(variants).toEqual(["control", "treatment"]);
    expect(points).toEqual([
      { day: "2026-11-16", control: 0.08 },
      { day: "2026-11-17", control: 0.1, treatment: 0.12 },
    ]);
  });

  it("reads the service's series nested per variant", () => {
    const { points, variants } = ctrTrend({
      test_id: 1,
      bucket: "day",
      variants: [
        {
          variant: "control",
          buckets: [{ start: "2026-11-16T00:00:00Z", impressions: 40, clicks: 4, ctr: 0.1 }],
        },
        {
          variant: "treatment",
          buckets: [{ start: "2026-11-16T00:00:00Z", impressions: 40, clicks: 6, ctr: 0.15 }],
        },
      ],
    });
    expect(variants).toEqual(["control", "treatment"]);
    expect(points).toEqual([{ day: "2026-11-16", control: 0.1, treatment: 0.15 }]);
  });

  it("reads series nested under other names", () => {
    const { points } = ctrTrend({
      series: [{ variant: "a", points: [{ date: "2026-11-01", ctr: 0.2 }] }],
    });
    expect(points).toEqual([{ day: "2026-11-01", a: 0.2 }]);
  });
});

describe("ctrByPosition", () => {
  it("lines up each variant's CTR by rank, counting ranks from 1", () => {
    const { points, variants } = ctrByPosition({
      variants: [
        {
          variant: "control",
          ctr_by_position: [
            { position: 1, ctr: 0.05 },
            { position: 0, ctr: 0.1 },
          ],
        },
        { variant: "treatment", ctr_by_position: [{ position: 0, ctr: 0.2 }] },
        { variant: "old", impressions: 3 },
      ],
    });
    expect(variants).toEqual(["control", "treatment"]);
    expect(points).toEqual([
      { position: 1, control: 0.1, treatment: 0.2 },
      { position: 2, control: 0.05 },
    ]);
  });
});

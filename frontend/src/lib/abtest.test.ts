import { ctrTrend, figures, readAnalysis, variantRows, wilsonInterval } from "./abtest";

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

describe("readAnalysis", () => {
  const body = {
    test_id: 1,
    verdict: {
      text: "Treatment raises CTR by 12.3% (95% CI 4.1% to 20.5%, p = 0.003): ship it.",
      decision: "ship",
    },
    srm: { p_value: 0.41, mismatch: false },
    metrics: {
      ctr: {
        control_value: 0.1,
        treatment_value: 0.112,
        p_value: 0.003,
        ci_low: 0.004,
        ci_high: 0.02,
        relative_lift: 0.123,
      },
      conversion_rate: [{ variant: "treatment", p_value: 0.2, relative_lift: -0.02 }],
    },
    sequential: { always_valid_p_value: 0.01, can_stop: true },
    bayesian: { probability_to_beat_control: { treatment: 0.97 }, expected_loss: 0.001 },
    users_needed: 0,
  };

  it("finds the verdict, the decision and every compared metric", () => {
    const analysis = readAnalysis(body);
    expect(analysis.verdict).toMatch(/ship it/);
    expect(analysis.decision).toBe("ship");
    expect(analysis.metrics.map((m) => [m.metric, m.variant])).toEqual([
      ["ctr", undefined],
      ["conversion_rate", "treatment"],
    ]);
    expect(analysis.metrics[0]).toMatchObject({
      label: "Ctr",
      pValue: 0.003,
      ciLow: 0.004,
      relativeLift: 0.123,
    });
    expect(analysis.srm).toEqual({ ok: true, pValue: 0.41, message: undefined });
  });

  it("flags a sample-ratio mismatch from a small p-value when no flag is given", () => {
    expect(readAnalysis({ srm: { p_value: 0.00001 } }).srm?.ok).toBe(false);
  });

  it("reads a list of metrics and a plain-string verdict", () => {
    const analysis = readAnalysis({
      verdict: "No detectable difference yet.",
      metrics: [{ metric: "ctr", p_value: 0.5 }],
      users_needed: 3400,
    });
    expect(analysis.verdict).toBe("No detectable difference yet.");
    expect(analysis.metrics[0]?.pValue).toBe(0.5);
    expect(analysis.usersNeeded).toBe(3400);
  });

  it("flattens the sequential and Bayesian blocks into labelled figures", () => {
    const analysis = readAnalysis(body);
    expect(figures(analysis.sequential)).toEqual([
      { label: "Always valid p value", value: 0.01 },
      { label: "Can stop", value: "yes" },
    ]);
    expect(figures(analysis.bayesian)).toContainEqual({
      label: "Probability to beat control: treatment",
      value: 0.97,
    });
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

  it("reads series nested per variant", () => {
    const { points } = ctrTrend({
      series: [{ variant: "a", points: [{ date: "2026-11-01", ctr: 0.2 }] }],
    });
    expect(points).toEqual([{ day: "2026-11-01", a: 0.2 }]);
  });
});

import { formatCount, formatP, formatPercent, formatSignedPercent } from "./format";

describe("format", () => {
  it("writes what a person reads", () => {
    expect(formatCount(12345)).toBe("12,345");
    expect(formatCount(undefined)).toBe("–");
    expect(formatPercent(0.1234)).toBe("12.3%");
    expect(formatSignedPercent(0.05)).toBe("+5.0%");
    expect(formatSignedPercent(-0.05)).toBe("-5.0%");
    expect(formatP(0.0004)).toBe("< 0.001");
    expect(formatP(0.04321)).toBe("0.043");
    expect(formatP(Number.NaN)).toBe("–");
  });
});

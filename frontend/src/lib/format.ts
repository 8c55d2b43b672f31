const integer = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

export function formatCount(value: number | undefined | null): string {
  return value === undefined || value === null ? "–" : integer.format(value);
}

export function formatPercent(value: number | undefined | null, digits = 1): string {
  if (value === undefined || value === null || !Number.isFinite(value)) return "–";
  return `${(value * 100).toFixed(digits)}%`;
}

export function formatSignedPercent(value: number | undefined | null, digits = 1): string {
  if (value === undefined || value === null || !Number.isFinite(value)) return "–";
  const text = formatPercent(value, digits);
  return value > 0 ? `+${text}` : text;
}

/** p-values read best with two significant digits, and tiny ones as a bound. */
export function formatP(value: number | undefined | null): string {
  if (value === undefined || value === null || !Number.isFinite(value)) return "–";
  if (value < 0.001) return "< 0.001";
  return value.toPrecision(2);
}

export function formatNumber(value: number | undefined | null, digits = 3): string {
  if (value === undefined || value === null || !Number.isFinite(value)) return "–";
  if (Number.isInteger(value)) return integer.format(value);
  return value.toFixed(digits);
}

export function formatTime(iso: string | undefined | null): string {
  if (!iso) return "–";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString("en-GB", {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  });
}

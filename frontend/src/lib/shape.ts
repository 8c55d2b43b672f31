/**
 * Small readers for JSON whose exact wrapping may differ between service versions
 * (a bare list or {"items": [...]}, a number or a missing field). They never throw.
 */

export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function num(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

/** The first finite number among the named fields. */
export function pickNum(source: unknown, ...names: string[]): number | undefined {
  if (!isObject(source)) return undefined;
  for (const name of names) {
    const value = num(source[name]);
    if (value !== undefined) return value;
  }
  return undefined;
}

export function pickStr(source: unknown, ...names: string[]): string | undefined {
  if (!isObject(source)) return undefined;
  for (const name of names) {
    const value = source[name];
    if (typeof value === "string" && value.trim()) return value;
  }
  return undefined;
}

/** The rows of a listing: a bare array, or the first array under one of the usual keys. */
export function listOf<T>(body: unknown, ...keys: string[]): T[] {
  if (Array.isArray(body)) return body as T[];
  if (!isObject(body)) return [];
  for (const key of [...keys, "items", "results", "data", "rows"]) {
    const value = body[key];
    if (Array.isArray(value)) return value as T[];
  }
  return [];
}

/** A listing's total when the service reports one. */
export function totalOf(body: unknown): number | undefined {
  return pickNum(body, "total", "count", "total_count");
}

/**
 * Rows keyed by name either way: [{name: "a", ...}] or {"a": {...}}. `nameKey` is the
 * field that carries the name in the array form, and is filled in for the object form.
 */
export function namedRows(body: unknown, nameKey: string, ...listKeys: string[]): Json[] {
  const rows = listOf<unknown>(body, ...listKeys);
  if (rows.length > 0) return rows.filter(isObject);
  let source: unknown = body;
  if (isObject(body)) {
    for (const key of listKeys) {
      if (isObject(body[key])) {
        source = body[key];
        break;
      }
    }
  }
  if (!isObject(source)) return [];
  return Object.entries(source)
    .filter((entry): entry is [string, Json] => isObject(entry[1]))
    .map(([name, row]) => ({ [nameKey]: name, ...row }));
}

/** "users_needed_per_variant" -> "Users needed per variant". */
export function humanize(name: string): string {
  const text = name.replace(/_/g, " ").replace(/\s+/g, " ").trim();
  return text.charAt(0).toUpperCase() + text.slice(1);
}

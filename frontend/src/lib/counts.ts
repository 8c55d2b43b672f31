/**
 * The Overview's live counts. A listing's `total` is used when the service reports one;
 * otherwise the rows are counted, which is exact for the sample data's size.
 */
import { api } from "../api/endpoints";
import { isObject, listOf, pickNum, pickStr, totalOf } from "./shape";

export interface Counts {
  users?: number;
  items?: number;
  events?: number;
  runningTests?: number;
}

const PAGE = 1000;

export function isRunning(test: unknown): boolean {
  const status = (pickStr(test, "status") ?? "running").toLowerCase();
  return status === "running" || status === "active";
}

export async function readCounts(): Promise<Counts> {
  const [health, users, items, tests] = await Promise.all([
    api.health(),
    api.users(PAGE),
    api.items(PAGE),
    api.abTests(),
  ]);
  const healthCounts = isObject(health.counts) ? health.counts : health;
  const userRows = listOf<unknown>(users, "users");
  const summedEvents = userRows.reduce<number>(
    (sum, row) => sum + (pickNum(row, "interaction_count", "interactions", "events", "count") ?? 0),
    0,
  );
  return {
    users: pickNum(healthCounts, "users") ?? totalOf(users) ?? userRows.length,
    items:
      pickNum(healthCounts, "items") ?? totalOf(items) ?? listOf<unknown>(items, "items").length,
    events: pickNum(healthCounts, "events", "interactions") ?? summedEvents,
    runningTests: listOf<unknown>(tests, "tests", "ab_tests").filter(isRunning).length,
  };
}

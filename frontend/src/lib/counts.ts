/**
 * The Overview's live counts. Users and items come from the listings' totals; events are the
 * sum of every user's interaction count (the service has no event total), paged.
 */
import { api, PAGE_LIMIT } from "../api/endpoints";
import { pickStr } from "./shape";

export interface Counts {
  users?: number;
  items?: number;
  events?: number;
  eventsComplete?: boolean;
  runningTests?: number;
}

/** Beyond this many users the event count is a lower bound (shown with a "+"). */
const MAX_USER_PAGES = 10;

export function isRunning(test: unknown): boolean {
  const status = (pickStr(test, "status") ?? "running").toLowerCase();
  return status === "running" || status === "active";
}

async function countEvents(): Promise<{ events: number; users: number; complete: boolean }> {
  let events = 0;
  let seen = 0;
  for (let page = 0; page < MAX_USER_PAGES; page++) {
    const body = await api.users(PAGE_LIMIT, page * PAGE_LIMIT);
    events += body.users.reduce((sum, user) => sum + user.interaction_count, 0);
    seen += body.users.length;
    if (seen >= body.total || body.users.length === 0)
      return { events, users: body.total, complete: true };
  }
  return { events, users: seen, complete: false };
}

async function runningTests(): Promise<number | undefined> {
  try {
    return (await api.abTests()).tests.filter(isRunning).length;
  } catch {
    return undefined; // the A/B endpoints may not be deployed; the other counts still stand
  }
}

export async function readCounts(): Promise<Counts> {
  const [events, items, tests] = await Promise.all([countEvents(), api.items(1), runningTests()]);
  return {
    users: events.users,
    items: items.total,
    events: events.events,
    eventsComplete: events.complete,
    runningTests: tests,
  };
}

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { describeError } from "../api/client";
import { api, type EventType, keys, type RecommendedItem, type UserPublic } from "../api/endpoints";
import { Empty, ErrorBox, Loading, QueryView } from "../components/states";
import { isRunning } from "../lib/counts";
import { formatNumber, formatTime } from "../lib/format";
import { fallbackText, pathText, scoreScale, sharedItems } from "../lib/recommendations";
import { formatValue } from "../lib/results";
import { AddItemForm } from "./AddItemForm";

const LIST_SIZE = 10;
const SHOWN_USERS = 12;
const ID_PATTERN = /^[A-Za-z0-9._:-]{1,64}$/;

/** Users matching the search text, most active first, so the interesting ones are on top. */
export function matchUsers(users: UserPublic[], search: string, limit = SHOWN_USERS): UserPublic[] {
  const needle = search.trim().toLowerCase();
  return users
    .filter((user) => user.user_id.toLowerCase().includes(needle))
    .sort((a, b) => b.interaction_count - a.interaction_count || a.user_id.localeCompare(b.user_id))
    .slice(0, limit);
}

function UserPicker({
  value,
  onChange,
}: {
  value: string | null;
  onChange: (userId: string) => void;
}) {
  const [search, setSearch] = useState("");
  const users = useQuery({ queryKey: keys.users, queryFn: () => api.users() });
  const rows = users.data?.users ?? [];
  const matches = matchUsers(rows, search);
  const typed = search.trim();
  const inputId = useId();
  return (
    <div className="picker">
      <form
        className="row"
        onSubmit={(event) => {
          event.preventDefault();
          // Any well-formed id may be asked for: an unknown user is a cold user, not an error.
          if (ID_PATTERN.test(typed)) onChange(typed);
        }}
      >
        <label htmlFor={inputId}>Find a user</label>
        <input
          id={inputId}
          type="search"
          placeholder="user id, e.g. u001"
          value={search}
          onChange={(event) => setSearch(event.target.value)}
          autoComplete="off"
        />
        <button type="submit" disabled={!ID_PATTERN.test(typed)}>
          Show
        </button>
      </form>
      {users.isPending && <Loading label="Loading users…" />}
      {users.isError && <ErrorBox error={users.error} retry={() => void users.refetch()} />}
      {users.isSuccess && rows.length === 0 && (
        <Empty>
          No users yet. Load the sample data on the Overview tab, or type any id to see a cold user.
        </Empty>
      )}
      {matches.length > 0 && (
        <ul className="user-chips" aria-label="Matching users">
          {matches.map((user) => (
            <li key={user.user_id}>
              <button
                type="button"
                aria-pressed={user.user_id === value}
                onClick={() => onChange(user.user_id)}
              >
                {user.user_id}
                <span className="muted"> · {formatNumber(user.interaction_count)} events</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

type LogEvent = (item: RecommendedItem, eventType: EventType, impressionId?: string) => void;

/** The other list of a side-by-side pair: its title and the items it holds. */
interface Comparison {
  title: string;
  ids: Set<string>;
}

/** A price from the answer when it carries one, else from the catalogue listing. */
function priceOf(item: RecommendedItem, prices: Map<string, number>): number | undefined {
  const own = (item as { price?: unknown }).price;
  return typeof own === "number" ? own : prices.get(item.item_id);
}

function useCatalogPrices(): Map<string, number> {
  const items = useQuery({ queryKey: keys.items, queryFn: () => api.items() });
  const prices = new Map<string, number>();
  for (const item of items.data?.items ?? []) {
    if (typeof item.price === "number") prices.set(item.item_id, item.price);
  }
  return prices;
}

const EVENT_BUTTONS: [EventType, string][] = [
  ["view", "View"],
  ["click", "Click"],
  ["purchase", "Buy"],
];

export function RecList({
  userId,
  strategy,
  title,
  onEvent,
  pending,
  testId,
  comparison,
}: {
  userId: string;
  strategy: string;
  title: string;
  onEvent: LogEvent;
  pending: boolean;
  /** Serve the user's variant in this test instead of `strategy`. */
  testId?: number;
  /** The list shown beside this one; shared items are marked. */
  comparison?: Comparison;
}) {
  const prices = useCatalogPrices();
  const query = useQuery({
    queryKey: keys.recommendation(userId, testId === undefined ? strategy : `test:${testId}`),
    queryFn: () =>
      testId === undefined
        ? api.recommendations(userId, strategy, LIST_SIZE)
        : api.recommendationsUnderTest(userId, testId, LIST_SIZE),
    // Under a test every fetch is an impression, so only a change (an event) refetches it.
    refetchOnWindowFocus: testId === undefined,
    staleTime: testId === undefined ? undefined : Number.POSITIVE_INFINITY,
  });
  const headingId = useId();
  // The answer names the fallback (e.g. "popular") when the strategy could not serve this user.
  const fallback = typeof query.data?.fallback === "string" ? query.data.fallback : undefined;
  return (
    <section className="panel rec-list" aria-labelledby={headingId}>
      <h3 id={headingId}>{title}</h3>
      <QueryView
        query={query}
        loadingLabel="Ranking…"
        isEmpty={(data) => data.items.length === 0}
        empty="No items to recommend: the catalog is empty or this user has seen everything."
      >
        {(data) => {
          const scale = scoreScale(data.items.map((item) => item.score));
          const served = fallbackText(fallback);
          return (
            <>
              <p className="muted small">
                {data.variant ? `variant ${data.variant} · ` : ""}
                strategy {data.strategy}
                {data.source === "cache" ? " · served from the cache" : ""}
              </p>
              {served && <p className="notice small">{served}</p>}
              <p className="muted small score-legend">{scale.label}</p>
              <ol className="items" aria-label={`${title} items`}>
                {data.items.map((item, index) => {
                  const price = priceOf(item, prices);
                  const score = scale.values[index] ?? 0;
                  const shared = comparison?.ids.has(item.item_id);
                  return (
                    <li key={item.item_id} className={`item ${shared ? "shared" : ""}`}>
                      <div className="item-head">
                        <span className="item-title">{item.title ?? item.item_id}</span>
                        <span className="score" aria-label={`${scale.label}: ${score}`}>
                          <meter min={0} max={100} value={score} aria-hidden="true" />
                          {formatNumber(score)}
                        </span>
                      </div>
                      <div className="muted small">
                        <span className="item-id">{item.item_id}</span>
                        {item.category ? ` · ${item.category}` : ""}
                        {" · "}
                        <span className="price">
                          {price === undefined ? "no price" : formatValue(price, "currency")}
                        </span>
                        {shared && comparison && (
                          <span className="tag shared-tag"> also in {comparison.title}</span>
                        )}
                      </div>
                      {pathText(item.via) && <p className="via small">{pathText(item.via)}</p>}
                      {item.reason && <p className="reason">{item.reason}</p>}
                      <div className="row small-buttons">
                        {EVENT_BUTTONS.map(([eventType, label]) => (
                          <button
                            key={eventType}
                            type="button"
                            disabled={pending}
                            aria-label={`${label} ${item.title ?? item.item_id} (${title})`}
                            onClick={() =>
                              onEvent(item, eventType, data.impression_id ?? undefined)
                            }
                          >
                            {label}
                          </button>
                        ))}
                      </div>
                    </li>
                  );
                })}
              </ol>
            </>
          );
        }}
      </QueryView>
    </section>
  );
}

function History({ userId }: { userId: string }) {
  const query = useQuery({
    queryKey: keys.history(userId),
    queryFn: () => api.history(userId, 20),
  });
  // Titles read better than ids; the catalogue listing supplies them when it is loaded.
  const items = useQuery({ queryKey: keys.items, queryFn: () => api.items() });
  const titles = new Map(items.data?.items.map((item) => [item.item_id, item.title]) ?? []);
  return (
    <section className="panel" aria-labelledby="history-title">
      <h3 id="history-title">History of {userId}</h3>
      <QueryView
        query={query}
        loadingLabel="Loading history…"
        isEmpty={(data) => data.interactions.length === 0}
        empty="No events yet: this is a cold user. Log one from a list above."
      >
        {(data) => (
          <div className="table-wrap">
            <table aria-label="User history">
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Event</th>
                  <th scope="col">Item</th>
                </tr>
              </thead>
              <tbody>
                {data.interactions.map((event) => (
                  <tr key={event.event_id}>
                    <td>{formatTime(event.timestamp)}</td>
                    <td>{event.event_type.replace(/_/g, " ")}</td>
                    <td>
                      {titles.get(event.item_id) ?? event.item_id}
                      <span className="muted small"> ({event.item_id})</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryView>
    </section>
  );
}

/** The list a storefront would show this user under a running test, with its variant. */
function UnderTest({
  userId,
  onEvent,
  pending,
}: {
  userId: string;
  onEvent: LogEvent;
  pending: boolean;
}) {
  const tests = useQuery({ queryKey: keys.abTests, queryFn: api.abTests });
  const running = (tests.data?.tests ?? []).filter(isRunning);
  const [testId, setTestId] = useState<number | null>(null);
  const selectId = useId();
  if (running.length === 0) return null;
  const chosen = running.find((test) => test.id === testId);
  return (
    <section className="panel" aria-labelledby="under-test-title">
      <h3 id="under-test-title">Served under an A/B test</h3>
      <p className="muted small">
        What the storefront shows this user in a running test: the variant they are assigned to.
        Each list served counts as an impression, and events logged from it are attributed to it.
      </p>
      <div className="row">
        <label htmlFor={selectId}>Test</label>
        <select
          id={selectId}
          value={testId ?? ""}
          onChange={(event) => setTestId(event.target.value ? Number(event.target.value) : null)}
        >
          <option value="">none</option>
          {running.map((test) => (
            <option key={test.id} value={test.id}>
              #{test.id} {test.name}
            </option>
          ))}
        </select>
      </div>
      {chosen && (
        <div className="lists">
          <RecList
            userId={userId}
            strategy="test"
            testId={chosen.id}
            title={`test #${chosen.id}`}
            onEvent={onEvent}
            pending={pending}
          />
        </div>
      )}
    </section>
  );
}

function MoreStrategies({
  userId,
  onEvent,
  pending,
}: {
  userId: string;
  onEvent: LogEvent;
  pending: boolean;
}) {
  const strategies = useQuery({ queryKey: keys.strategies, queryFn: api.strategies });
  const [shown, setShown] = useState<string[]>([]);
  const [choice, setChoice] = useState("");
  const selectId = useId();
  const others = (strategies.data?.strategies ?? []).filter(
    (s) => s.name !== "cf" && s.name !== "content",
  );
  const chosenDescription = others.find((s) => s.name === (choice || others[0]?.name))?.description;
  return (
    <section className="panel" aria-labelledby="more-title">
      <h3 id="more-title">Other strategies</h3>
      {strategies.isPending && <Loading label="Loading strategies…" />}
      {strategies.isError && <ErrorBox error={strategies.error} missing="a strategy list" />}
      {strategies.isSuccess && others.length === 0 && (
        <Empty>The service registers no other strategies.</Empty>
      )}
      {others.length > 0 && (
        <form
          className="row"
          onSubmit={(event) => {
            event.preventDefault();
            const name = choice || others[0]?.name;
            if (name && !shown.includes(name)) setShown([...shown, name]);
          }}
        >
          <label htmlFor={selectId}>Strategy</label>
          <select id={selectId} value={choice} onChange={(event) => setChoice(event.target.value)}>
            {others.map((strategy) => (
              <option key={strategy.name} value={strategy.name}>
                {strategy.name}
              </option>
            ))}
          </select>
          <button type="submit">Add list</button>
        </form>
      )}
      {chosenDescription && <p className="muted small">{chosenDescription}</p>}
      {shown.length > 0 && (
        <div className="lists">
          {shown.map((name) => (
            <RecList
              key={name}
              userId={userId}
              strategy={name}
              title={name}
              onEvent={onEvent}
              pending={pending}
            />
          ))}
        </div>
      )}
    </section>
  );
}

export function RecommendationsView() {
  const [userId, setUserId] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const queryClient = useQueryClient();
  const log = useMutation({
    mutationFn: ({
      item,
      eventType,
      impressionId,
    }: {
      item: RecommendedItem;
      eventType: EventType;
      impressionId?: string;
    }) => api.logInteraction(userId ?? "", item.item_id, eventType, impressionId),
    onSuccess: (_data, { item, eventType }) =>
      setNotice(`Logged ${eventType} on ${item.title ?? item.item_id}.`),
    onSettled: () => {
      if (!userId) return;
      void queryClient.invalidateQueries({ queryKey: keys.recommendations(userId) });
      void queryClient.invalidateQueries({ queryKey: keys.history(userId) });
      void queryClient.invalidateQueries({ queryKey: keys.users });
      void queryClient.invalidateQueries({ queryKey: keys.counts });
      // An event carrying an impression id moves that test's figures.
      void queryClient.invalidateQueries({ queryKey: ["ab_test"] });
    },
  });
  const onEvent: LogEvent = (item, eventType, impressionId) =>
    log.mutate({ item, eventType, impressionId });
  // The same queries as the two lists below (shared cache), to mark the items they share.
  const cf = useQuery({
    queryKey: keys.recommendation(userId ?? "", "cf"),
    queryFn: () => api.recommendations(userId ?? "", "cf", LIST_SIZE),
    enabled: userId !== null,
  });
  const content = useQuery({
    queryKey: keys.recommendation(userId ?? "", "content"),
    queryFn: () => api.recommendations(userId ?? "", "content", LIST_SIZE),
    enabled: userId !== null,
  });
  const shared = sharedItems(cf.data?.items ?? [], content.data?.items ?? []);
  return (
    <div className="stack">
      <section className="panel" aria-labelledby="pick-title">
        <h2 id="pick-title">Recommendations for a user</h2>
        <UserPicker
          value={userId}
          onChange={(id) => {
            setUserId(id);
            setNotice(null);
            log.reset();
          }}
        />
      </section>
      {userId ? (
        <>
          <div aria-live="polite" className="live">
            {log.isError ? (
              <p className="error" role="alert">
                Could not log the event: {describeError(log.error)}
              </p>
            ) : (
              notice && <p className="success">{notice}</p>
            )}
          </div>
          <div className="lists">
            <RecList
              userId={userId}
              strategy="cf"
              title="v1 · collaborative filtering"
              onEvent={onEvent}
              pending={log.isPending}
              comparison={{ title: "v2", ids: shared }}
            />
            <RecList
              userId={userId}
              strategy="content"
              title="v2 · content-based"
              onEvent={onEvent}
              pending={log.isPending}
              comparison={{ title: "v1", ids: shared }}
            />
          </div>
          <UnderTest userId={userId} onEvent={onEvent} pending={log.isPending} />
          <MoreStrategies userId={userId} onEvent={onEvent} pending={log.isPending} />
          <History userId={userId} />
        </>
      ) : (
        <Empty>Pick a user to see their lists side by side.</Empty>
      )}
      <AddItemForm />
    </div>
  );
}

/**
 * One function per endpoint the dashboard uses. Calls on paths the service publishes are
 * typed from its schema (`client`); the rest use the shapes of src/api/types.ts until the
 * service publishes them (then `npm run api:types` brings them into the schema).
 */
import { client, request, typed } from "./client";
import type { components } from "./schema";
import type { AbTest, AbTestCreate, EventType } from "./types";

export type { AbTest, AbTestCreate, EventType, Variant } from "./types";

export type Schemas = components["schemas"];
export type ItemCreate = Schemas["ItemCreate"];
export type UserPublic = Schemas["UserPublic"];
export type InteractionPublic = Schemas["InteractionPublic"];
export type RecommendedItem = Schemas["RecommendedItem"];
/** A list, plus what the answer carries when it was served under a test (ab_testing). */
export type Recommendations = Schemas["RecommendationsPublic"] & {
  test_id?: number | null;
  variant?: string | null;
  impression_id?: string | null;
};

/** The largest page /users and /items serve in one call. */
export const PAGE_LIMIT = 1000;

export const api = {
  health: () => typed("/health", client.GET("/health")),
  items: (limit = PAGE_LIMIT, offset = 0) =>
    typed("/items", client.GET("/items", { params: { query: { limit, offset } } })),
  createItem: (item: ItemCreate) => typed("/items", client.POST("/items", { body: item })),
  users: (limit = PAGE_LIMIT, offset = 0) =>
    typed("/users", client.GET("/users", { params: { query: { limit, offset } } })),
  history: (userId: string, limit = 20) =>
    typed(
      "/users/{user_id}/interactions",
      client.GET("/users/{user_id}/interactions", {
        params: { path: { user_id: userId }, query: { limit } },
      }),
    ),
  /** An event; `impressionId` attributes it to the list served under a test. */
  logInteraction: (userId: string, itemId: string, eventType: EventType, impressionId?: string) =>
    typed(
      "/interactions",
      client.POST("/interactions", {
        body: {
          user_id: userId,
          item_id: itemId,
          event_type: eventType,
          ...(impressionId ? { impression_id: impressionId } : {}),
        },
      }),
    ),
  seed: () => typed("/seed", client.POST("/seed")),
  clear: () => typed("/seed/clear", client.POST("/seed/clear")),

  strategies: () => typed("/strategies", client.GET("/strategies")),
  recommendations: (userId: string, strategy: string, n = 10): Promise<Recommendations> => {
    const query = { user_id: userId, n };
    if (strategy === "cf") {
      return typed("/recommendations/v1", client.GET("/recommendations/v1", { params: { query } }));
    }
    if (strategy === "content") {
      return typed("/recommendations/v2", client.GET("/recommendations/v2", { params: { query } }));
    }
    return typed(
      "/recommendations",
      client.GET("/recommendations", { params: { query: { ...query, strategy } } }),
    );
  },
  /** The user's variant in a test; each call is an impression the test counts. */
  recommendationsUnderTest: (userId: string, testId: number, n = 10): Promise<Recommendations> =>
    typed(
      "/recommendations",
      client.GET("/recommendations", {
        params: { query: { user_id: userId, n, test_id: testId } },
      }),
    ),
  abTests: () => request<unknown>("/ab_tests", { query: { status: "all" } }),
  createAbTest: (test: AbTestCreate) =>
    request<AbTest>("/ab_tests", { method: "POST", body: test }),
  stopAbTest: (id: number) => request<AbTest>(`/ab_tests/${id}/stop`, { method: "POST" }),
  abResults: (id: number) => request<unknown>(`/ab_tests/${id}/results`),
  abAnalysis: (id: number) => request<unknown>(`/ab_tests/${id}/statistical_analysis`),
  abTrend: (id: number) =>
    request<unknown>(`/ab_tests/${id}/metrics_over_time`, { query: { bucket: "day" } }),
  startEvaluation: () => typed("/evaluation/runs", client.POST("/evaluation/runs", { body: {} })),
  evaluationRun: (id: string) =>
    typed(
      "/evaluation/runs/{run_id}",
      client.GET("/evaluation/runs/{run_id}", { params: { path: { run_id: id } } }),
    ),
};

/** Query keys in one place, so a change can invalidate exactly what it affects. */
export const keys = {
  health: ["health"] as const,
  counts: ["counts"] as const,
  users: ["users"] as const,
  items: ["items"] as const,
  strategies: ["strategies"] as const,
  recommendations: (userId: string) => ["recommendations", userId] as const,
  recommendation: (userId: string, strategy: string) =>
    ["recommendations", userId, strategy] as const,
  history: (userId: string) => ["history", userId] as const,
  abTests: ["ab_tests"] as const,
  abTest: (id: number) => ["ab_test", id] as const,
  evaluation: (id: string | number) => ["evaluation", String(id)] as const,
};

/** One function per endpoint the dashboard uses, typed with the shapes of src/api/types.ts. */
import { request } from "./client";
import type {
  AbTest,
  AbTestCreate,
  EvaluationRun,
  Health,
  Interaction,
  InteractionCreate,
  Item,
  ItemCreate,
  Recommendations,
  Strategy,
} from "./types";

export const api = {
  health: () => request<Health>("/health"),
  items: (limit = 100, offset = 0) => request<unknown>("/items", { query: { limit, offset } }),
  createItem: (item: ItemCreate) => request<Item>("/items", { method: "POST", body: item }),
  users: (limit = 100, offset = 0) => request<unknown>("/users", { query: { limit, offset } }),
  history: (userId: string, limit = 20) =>
    request<unknown>(`/users/${encodeURIComponent(userId)}/interactions`, { query: { limit } }),
  logInteraction: (event: InteractionCreate) =>
    request<Interaction>("/interactions", { method: "POST", body: event }),
  strategies: () => request<{ strategies: Strategy[] }>("/strategies"),
  recommendations: (userId: string, strategy: string, n = 10) => {
    if (strategy === "cf")
      return request<Recommendations>("/recommendations/v1", { query: { user_id: userId, n } });
    if (strategy === "content") {
      return request<Recommendations>("/recommendations/v2", { query: { user_id: userId, n } });
    }
    return request<Recommendations>("/recommendations", {
      query: { user_id: userId, n, strategy },
    });
  },
  abTests: () => request<unknown>("/ab_tests", { query: { status: "all" } }),
  createAbTest: (test: AbTestCreate) =>
    request<AbTest>("/ab_tests", { method: "POST", body: test }),
  abResults: (id: number) => request<unknown>(`/ab_tests/${id}/results`),
  abAnalysis: (id: number) => request<unknown>(`/ab_tests/${id}/statistical_analysis`),
  abTrend: (id: number) =>
    request<unknown>(`/ab_tests/${id}/metrics_over_time`, { query: { bucket: "day" } }),
  seed: () => request<unknown>("/seed", { method: "POST" }),
  clear: () => request<unknown>("/seed/clear", { method: "POST" }),
  startEvaluation: () => request<EvaluationRun>("/evaluation/runs", { method: "POST", body: {} }),
  evaluationRun: (id: string | number) => request<EvaluationRun>(`/evaluation/runs/${id}`),
};

/** Query keys in one place, so a change can invalidate exactly what it affects. */
export const keys = {
  all: [] as const,
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

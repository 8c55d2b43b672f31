/**
 * Shapes, as ../shared/API.md promises them, of the endpoints the service does not publish
 * in its OpenAPI schema yet (the rest come from the generated src/api/schema.d.ts). Fields
 * that are extensions are optional, so a service that lacks them still renders.
 */

/** The event types a person can log from the dashboard (a subset of the service's). */
export type EventType = "view" | "click" | "add_to_cart" | "purchase";

export interface RecommendedItem {
  item_id: string;
  score: number;
  title?: string | null;
  category?: string | null;
  reason?: string | null;
  [extra: string]: unknown;
}

export interface Recommendations {
  user_id: string;
  strategy: string;
  items: RecommendedItem[];
  test_id?: number | null;
  variant?: string | null;
  impression_id?: string | null;
  source?: string | null;
  fallback?: string | boolean | null;
  [extra: string]: unknown;
}

export interface Strategy {
  name: string;
  description?: string | null;
}

export interface Variant {
  name: string;
  strategy: string;
  weight: number;
  [extra: string]: unknown;
}

export interface AbTest {
  id: number;
  name: string;
  description?: string | null;
  status?: string;
  variants: Variant[];
  created_at?: string | null;
  started_at?: string | null;
  [extra: string]: unknown;
}

export interface AbTestCreate {
  name: string;
  description?: string;
  /** "adaptive" lets Thompson sampling move traffic (an extension of the contract). */
  mode?: "fixed" | "adaptive";
  variants?: Variant[];
}

/** One variant's row of GET /ab_tests/{id}/results; names vary a little between versions. */
export interface VariantResult {
  variant: string;
  strategy?: string;
  users?: number;
  assigned_users?: number;
  exposed_users?: number;
  impressions?: number;
  clicks?: number;
  purchases?: number;
  ctr?: number;
  conversion_rate?: number;
  engagement_seconds?: number;
  mean_engagement_seconds?: number;
  revenue?: number;
  revenue_per_user?: number;
  [extra: string]: unknown;
}

export interface TimeBucket {
  bucket?: string;
  date?: string;
  period?: string;
  time?: string;
  variant: string;
  impressions?: number;
  clicks?: number;
  ctr?: number;
  conversions?: number;
  [extra: string]: unknown;
}

/** Start of an offline evaluation run, and its progress as polled. */
export interface EvaluationRun {
  id: string | number;
  status?: string;
  progress?: number;
  message?: string | null;
  error?: string | null;
  results?: unknown;
  [extra: string]: unknown;
}

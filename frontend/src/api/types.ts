/**
 * Shapes, as ../shared/API.md promises them, of the A/B endpoints until the service publishes
 * them in its OpenAPI schema (the rest come from the generated src/api/schema.d.ts).
 */

/** The event types a person can log from the dashboard (a subset of the service's). */
export type EventType = "view" | "click" | "add_to_cart" | "purchase";

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

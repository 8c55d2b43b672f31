/**
 * The one door to the service. Paths in the generated schema (src/api/schema.d.ts) are called
 * through openapi-fetch, so their parameters and answers are typed by the service itself;
 * paths the service does not publish yet go through `request` with the hand-written shapes
 * of src/api/types.ts. Both turn the three ways a call can fail into typed errors the views
 * can word for a person: the service is unreachable, it refused (4xx with {"detail": ...}),
 * or it broke (5xx).
 */
import createClient, { type Middleware } from "openapi-fetch";
import type { paths } from "./schema";

export const ADMIN_KEY_STORAGE = "smart-suggest.admin-key";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly path: string,
  ) {
    super(`${status} on ${path}: ${detail}`);
    this.name = "ApiError";
  }

  get needsAdminKey(): boolean {
    return this.status === 401 || this.status === 403;
  }

  get notFound(): boolean {
    return this.status === 404 || this.status === 405;
  }
}

export class ApiUnavailable extends Error {
  constructor(readonly path: string) {
    super(`The service did not answer ${path}. Is it running?`);
    this.name = "ApiUnavailable";
  }
}

/** The admin key lives in sessionStorage only: never in the bundle, gone with the tab. */
export function adminKey(): string | null {
  return sessionStorage.getItem(ADMIN_KEY_STORAGE);
}

export function setAdminKey(key: string | null): void {
  if (key) sessionStorage.setItem(ADMIN_KEY_STORAGE, key);
  else sessionStorage.removeItem(ADMIN_KEY_STORAGE);
}

type Query = Record<string, string | number | boolean | undefined | null>;

export interface RequestOptions {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
}

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== "") params.append(name, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/** FastAPI answers 422 with a list of {loc, msg}; everything else with a string. */
export function detailText(body: unknown, fallback: string): string {
  if (body && typeof body === "object" && "detail" in body) {
    const { detail } = body;
    if (typeof detail === "string") return detail;
    if (Array.isArray(detail)) {
      return detail
        .map((entry) => {
          if (entry && typeof entry === "object" && "msg" in entry) {
            const { loc, msg } = entry as { loc?: unknown[]; msg: unknown };
            const where = Array.isArray(loc) ? loc.filter((part) => part !== "body").join(".") : "";
            return where ? `${where}: ${String(msg)}` : String(msg);
          }
          return JSON.stringify(entry);
        })
        .join("; ");
    }
    return JSON.stringify(detail);
  }
  return fallback;
}

function apiUnavailableOr(status: number, body: unknown, statusText: string, path: string): Error {
  // A dev-server proxy whose target is down answers 502/503/504 with no JSON body.
  if (status >= 502 && status <= 504 && (body === null || typeof body === "string")) {
    return new ApiUnavailable(path);
  }
  return new ApiError(status, detailText(body, statusText || "error"), path);
}

const sendAdminKey: Middleware = {
  onRequest({ request }) {
    const key = adminKey();
    if (key) request.headers.set("X-API-Key", key);
    return request;
  },
};

export const client = createClient<paths>({
  baseUrl: typeof window === "undefined" ? "http://localhost" : window.location.origin,
});
client.use(sendAdminKey);

/**
 * Awaits an openapi-fetch call and returns its typed data, or throws ApiError/ApiUnavailable.
 * `path` only names the call in messages.
 */
export async function typed<D>(
  path: string,
  call: Promise<{ data?: D; error?: unknown; response: Response }>,
): Promise<D> {
  let result: { data?: D; error?: unknown; response: Response };
  try {
    result = await call;
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw new ApiUnavailable(path);
  }
  const { response } = result;
  if (!response.ok) {
    throw apiUnavailableOr(response.status, result.error ?? null, response.statusText, path);
  }
  return result.data as D;
}

export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const url = withQuery(path, options.query);
  const headers: Record<string, string> = { Accept: "application/json" };
  if (options.body !== undefined) headers["Content-Type"] = "application/json";
  const key = adminKey();
  if (key) headers["X-API-Key"] = key;

  let response: Response;
  try {
    response = await fetch(url, {
      method: options.method ?? "GET",
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw new ApiUnavailable(path);
  }

  const text = await response.text();
  let body: unknown = null;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = null;
    }
  }
  if (!response.ok) throw apiUnavailableOr(response.status, body, response.statusText, path);
  return body as T;
}

/** What to tell a person about a failed call. */
export function describeError(error: unknown): string {
  if (error instanceof ApiUnavailable) {
    return "The service is not reachable. Start it (make run) and this page will recover by itself.";
  }
  if (error instanceof ApiError) {
    if (error.needsAdminKey) return `The service wants an admin key for this (${error.detail}).`;
    if (error.status >= 500) return `The service failed (${error.status}): ${error.detail}`;
    return error.detail;
  }
  if (error instanceof Error) return error.message;
  return String(error);
}

/**
 * The one door to the service: openapi-fetch with the types generated from the service's
 * schema (src/api/schema.d.ts), and `typed`, which turns the three ways a call can fail into
 * typed errors the views can word for a person: the service is unreachable, it refused (4xx
 * with {"detail": ...}), or it broke (5xx).
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

/** A typed client for the service at `baseUrl`, sending the admin key when one is kept. */
export function makeClient(baseUrl: string) {
  const made = createClient<paths>({ baseUrl });
  made.use(sendAdminKey);
  return made;
}

/** The dashboard is served by the service (or proxied to it), so the API is same-origin. */
export const client = makeClient(window.location.origin);

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

import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  ApiError,
  ApiUnavailable,
  describeError,
  detailText,
  request,
  setAdminKey,
  withQuery,
} from "./client";

/** A small real HTTP server answering like the service does, to exercise the client's wire handling. */
let server: Server;
let base: string;
let lastRequest: IncomingMessage | undefined;

beforeAll(async () => {
  server = createServer((req, res) => {
    lastRequest = req;
    res.setHeader("Content-Type", "application/json");
    if (req.url?.startsWith("/missing")) {
      res.statusCode = 404;
      res.end(JSON.stringify({ detail: "item 'x' not found" }));
    } else if (req.url?.startsWith("/invalid")) {
      res.statusCode = 422;
      res.end(
        JSON.stringify({
          detail: [{ loc: ["body", "variants", 0, "weight"], msg: "must be > 0" }],
        }),
      );
    } else if (req.url?.startsWith("/admin")) {
      const ok = req.headers["x-api-key"] === "secret";
      res.statusCode = ok ? 200 : 401;
      res.end(JSON.stringify(ok ? { status: "seeded" } : { detail: "admin key required" }));
    } else if (req.url?.startsWith("/gateway")) {
      res.statusCode = 502;
      res.setHeader("Content-Type", "text/plain");
      res.end("");
    } else {
      res.end(JSON.stringify({ status: "ok", url: req.url }));
    }
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((done) => server.close(() => done())));

describe("request", () => {
  it("returns the JSON body and sends the query string", async () => {
    const body = await request<{ url: string }>(`${base}/ok`, {
      query: { user_id: "u 1", n: 5, empty: "" },
    });
    expect(body.url).toBe("/ok?user_id=u+1&n=5");
  });

  it("turns a 4xx into an ApiError carrying the service's detail", async () => {
    const error = await request(`${base}/missing`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(404);
    expect(describeError(error)).toBe("item 'x' not found");
  });

  it("words FastAPI's validation list with the field that was wrong", async () => {
    const error = await request(`${base}/invalid`, { method: "POST", body: {} }).catch(
      (e: unknown) => e,
    );
    expect(describeError(error)).toBe("variants.0.weight: must be > 0");
  });

  it("sends the admin key from sessionStorage, and only once one is stored", async () => {
    const refused = await request(`${base}/admin`, { method: "POST" }).catch((e: unknown) => e);
    expect((refused as ApiError).needsAdminKey).toBe(true);
    expect(lastRequest?.headers["x-api-key"]).toBeUndefined();
    setAdminKey("secret");
    await expect(request(`${base}/admin`, { method: "POST" })).resolves.toEqual({
      status: "seeded",
    });
    expect(lastRequest?.headers["x-api-key"]).toBe("secret");
  });

  it("reports a service that does not answer, or a proxy in front of a dead one, as unavailable", async () => {
    const closed = createServer();
    await new Promise<void>((done) => closed.listen(0, "127.0.0.1", done));
    const deadUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/health`;
    await new Promise<void>((done) => closed.close(() => done()));
    const error = await request(deadUrl).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiUnavailable);
    expect(describeError(error)).toMatch(/not reachable/);
    await expect(request(`${base}/gateway`)).rejects.toBeInstanceOf(ApiUnavailable);
  });
});

describe("helpers", () => {
  it("leaves out empty query values", () => {
    expect(withQuery("/x", { a: undefined, b: null, c: "" })).toBe("/x");
    expect(withQuery("/x", { a: 1, b: true })).toBe("/x?a=1&b=true");
  });

  it("falls back when the body has no detail", () => {
    expect(detailText(null, "Bad Gateway")).toBe("Bad Gateway");
    expect(detailText({ detail: { code: 1 } }, "x")).toBe('{"code":1}');
  });
});

import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  ApiError,
  ApiUnavailable,
  describeError,
  detailText,
  makeClient,
  setAdminKey,
  typed,
} from "./client";

/**
 * A small real HTTP server answering the way the service does, to exercise the client's wire
 * handling (status codes, error bodies, headers) without the service's logic.
 */
let server: Server;
let base: string;
let lastRequest: IncomingMessage | undefined;

beforeAll(async () => {
  server = createServer((req, res) => {
    lastRequest = req;
    res.setHeader("Content-Type", "application/json");
    const url = req.url ?? "";
    if (url.startsWith("/items/missing")) {
      res.statusCode = 404;
      res.end(JSON.stringify({ detail: "item 'missing' not found" }));
    } else if (url.startsWith("/ab_tests") && req.method === "POST") {
      res.statusCode = 422;
      res.end(
        JSON.stringify({
          detail: [{ loc: ["body", "variants", 0, "weight"], msg: "must be > 0" }],
        }),
      );
    } else if (url.startsWith("/seed")) {
      const ok = req.headers["x-api-key"] === "secret";
      res.statusCode = ok ? 200 : 401;
      res.end(JSON.stringify(ok ? { status: "seeded" } : { detail: "admin key required" }));
    } else if (url.startsWith("/strategies")) {
      res.statusCode = 502; // a proxy in front of a service that is down
      res.setHeader("Content-Type", "text/plain");
      res.end("");
    } else {
      res.end(JSON.stringify({ status: "ok", url }));
    }
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((done) => server.close(() => done())));

describe("typed", () => {
  it("returns the JSON body and sends the query string", async () => {
    const client = makeClient(base);
    const body = await typed("/users", client.GET("/users", { params: { query: { limit: 5 } } }));
    expect(body).toMatchObject({ url: "/users?limit=5" });
  });

  it("turns a 4xx into an ApiError carrying the service's detail", async () => {
    const client = makeClient(base);
    const call = client.GET("/items/{item_id}", { params: { path: { item_id: "missing" } } });
    const error = await typed("/items/{item_id}", call).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(404);
    expect(describeError(error)).toBe("item 'missing' not found");
  });

  it("words FastAPI's validation list with the field that was wrong", async () => {
    const client = makeClient(base);
    const call = client.POST("/ab_tests", { body: { name: "t" } });
    const error = await typed("/ab_tests", call).catch((e: unknown) => e);
    expect(describeError(error)).toBe("variants.0.weight: must be > 0");
  });

  it("sends the admin key from sessionStorage, and only once one is stored", async () => {
    const client = makeClient(base);
    const refused = await typed("/seed", client.POST("/seed")).catch((e: unknown) => e);
    expect((refused as ApiError).needsAdminKey).toBe(true);
    expect(lastRequest?.headers["x-api-key"]).toBeUndefined();
    setAdminKey("secret");
    await expect(typed("/seed", client.POST("/seed"))).resolves.toEqual({ status: "seeded" });
    expect(lastRequest?.headers["x-api-key"]).toBe("secret");
  });

  it("reports a service that does not answer, or a proxy in front of a dead one, as unavailable", async () => {
    const closed = createServer();
    await new Promise<void>((done) => closed.listen(0, "127.0.0.1", done));
    const deadBase = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise<void>((done) => closed.close(() => done()));
    const error = await typed("/health", makeClient(deadBase).GET("/health")).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ApiUnavailable);
    expect(describeError(error)).toMatch(/not reachable/);
    const viaProxy = typed("/strategies", makeClient(base).GET("/strategies"));
    await expect(viaProxy).rejects.toBeInstanceOf(ApiUnavailable);
  });
});

describe("detailText", () => {
  it("falls back when the body has no detail", () => {
    expect(detailText(null, "Bad Gateway")).toBe("Bad Gateway");
    expect(detailText({ detail: { code: 1 } }, "x")).toBe('{"code":1}');
  });
});

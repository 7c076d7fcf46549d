import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createControlRouter } from "./control";
import { createFaultController } from "./faults";
import { createRequestLog } from "./request-log";
import { Router, startEmulatorServer, type StartedServer } from "./server";

// Exercises the shared fault middleware on a toy emulator whose single write is observable.
let server: StartedServer;
let counter = 0;

beforeAll(async () => {
  const faults = createFaultController();
  const log = createRequestLog();
  const router = new Router()
    .get("/items/:id", (req) => ({ status: 200, json: { id: req.params.id, counter } }))
    .post("/items", () => ({ status: 201, json: { counter: ++counter } }));
  const control = createControlRouter({
    reset: () => {
      counter = 0;
    },
    seed: () => ({}),
    state: () => ({ counter }),
    faults,
    log,
  });
  server = await startEmulatorServer({
    name: "toy",
    port: 0,
    router,
    control,
    faults,
    log,
    faultResponse: (status) => ({ status, json: { injected: status } }),
    notFound: () => ({ status: 404, json: { message: "nf" } }),
    errorResponse: (err) => ({ status: 400, json: { message: String(err) } }),
    hangMs: 5_000,
  });
});
afterAll(() => server.stop());

const post = (path: string, body: unknown) =>
  fetch(server.url + path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

describe("core server faults", () => {
  it("port 0 gives a real URL and unknown paths 404", async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(server.url + "/nope")).status).toBe(404);
  });

  it("rejects an invalid fault body with 400", async () => {
    expect((await post("/_sandbox/faults", { timeoutRate: 2 })).status).toBe(400);
    expect((await post("/_sandbox/faults", { pathPattern: "(" })).status).toBe(400);
  });

  it("injects error statuses and latency only on matching requests", async () => {
    await post("/_sandbox/faults", { errorRates: { "502": 1 }, methods: ["GET"], pathPattern: "^/items/1$" });
    const r = await fetch(server.url + "/items/1");
    expect(r.status).toBe(502);
    expect(await r.json()).toEqual({ injected: 502 });
    expect((await fetch(server.url + "/items/2")).status).toBe(200);
    await post("/_sandbox/faults", { latencyMs: 250 });
    const t = performance.now();
    expect((await fetch(server.url + "/items/2")).status).toBe(200);
    expect(performance.now() - t).toBeGreaterThanOrEqual(240);
    await fetch(server.url + "/_sandbox/faults", { method: "DELETE" });
  });

  it("hangs without answering on timeoutRate, and the write does not happen", async () => {
    await post("/_sandbox/reset", {});
    await post("/_sandbox/faults", { timeoutRate: 1, methods: ["POST"] });
    const outcome = await fetch(server.url + "/items", { method: "POST", body: "{}", signal: AbortSignal.timeout(600) }).then(
      (r) => `answered ${r.status}`,
      (e: Error) => e.name,
    );
    expect(outcome).toBe("TimeoutError");
    await fetch(server.url + "/_sandbox/faults", { method: "DELETE" });
    expect(await (await fetch(server.url + "/_sandbox/state")).json()).toEqual({ counter: 0 });
    const log = (await (await fetch(server.url + "/_sandbox/requests?limit=20")).json()) as { path: string; status: number; fault?: string }[];
    expect(log.find((e) => e.path === "/items")).toMatchObject({ status: 0, fault: "timeout" });
  });

  it("commit-then-timeout performs the write but never answers", async () => {
    await post("/_sandbox/reset", {});
    await post("/_sandbox/faults", { commitThenTimeoutRate: 1 });
    const outcome = await fetch(server.url + "/items", { method: "POST", body: "{}", signal: AbortSignal.timeout(600) }).then(
      (r) => `answered ${r.status}`,
      (e: Error) => e.name,
    );
    expect(outcome).toBe("TimeoutError");
    // GETs are not affected by commit-then-timeout, and the write is visible.
    expect(await (await fetch(server.url + "/items/1")).json()).toEqual({ id: "1", counter: 1 });
    await fetch(server.url + "/_sandbox/faults", { method: "DELETE" });
  });
});

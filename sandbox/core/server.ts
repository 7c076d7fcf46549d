/**
 * Minimal, fast HTTP plumbing for the emulators (plain node:http, no framework: a batch read must stay well under
 * 2 ms of server time for the ≥ 500 req/s target).
 *
 * API:
 * - `Router`: `router.on(method, "/crm/v3/objects/:objectType/:id", handler)` (+ `get/post/put/patch/delete`).
 *   Patterns use `:name` segments (percent-decoded into `req.params`) and an optional trailing `*` (rest → `params["*"]`).
 *   A route registered with a trailing slash also matches without it and vice versa.
 * - `SandboxRequest`: `{ method, path, url, query (URLSearchParams: repeated keys kept), headers, params, rawBody,
 *   text(), json() (throws `BodyParseError`), form(), state (per-request scratch), raw }`.
 * - `SandboxResponse`: `{ status, headers?, json? | body? }`. JSON bodies get `content-type: application/json`.
 *   Throw `new SandboxHttpError(response)` from anywhere in a handler to answer with that response.
 * - `startEmulatorServer(options)` → `{ url, port, stop() }`. `port: 0` picks a free port; `url` is the real one
 *   (http://127.0.0.1:<port>). Order per request: control routes (`/_sandbox/...`, never faulted or authenticated)
 *   → faults (latency, injected status via `faultResponse`, hang) → `before` (auth, rate limits) → route handler
 *   (commit-then-timeout: runs, then the response is withheld) → `after` (extra headers) → request log.
 *   A hang holds the socket open, never writing, until the client goes away or 120 s pass; `stop()` destroys hung
 *   sockets so test processes exit.
 */
import http, { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { FaultController } from "./faults";
import type { RequestLog } from "./request-log";

export type SandboxRequest = {
  method: string;
  path: string;
  url: URL;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  params: Record<string, string>;
  rawBody: Buffer;
  text(): string;
  json(): unknown;
  form(): URLSearchParams;
  state: Record<string, unknown>;
  raw: IncomingMessage;
};

export type SandboxResponse = {
  status: number;
  headers?: Record<string, string | number | string[]>;
  json?: unknown;
  body?: string | Buffer;
};

export type RouteHandler = (req: SandboxRequest) => SandboxResponse | Promise<SandboxResponse>;

export class SandboxHttpError extends Error {
  constructor(readonly response: SandboxResponse) {
    super(`HTTP ${response.status}`);
  }
}

export class BodyParseError extends Error {}

type CompiledRoute = { method: string; regex: RegExp; keys: string[]; handler: RouteHandler; pattern: string };

export type RouteMatch =
  | { kind: "found"; handler: RouteHandler; params: Record<string, string>; pattern: string }
  | { kind: "method-not-allowed"; allowed: string[] }
  | { kind: "not-found" };

export class Router {
  private routes: CompiledRoute[] = [];

  on(method: string, pattern: string, handler: RouteHandler): this {
    const keys: string[] = [];
    const trimmed = pattern.length > 1 && pattern.endsWith("/") ? pattern.slice(0, -1) : pattern;
    const source = trimmed
      .split("/")
      .map((seg) => {
        if (seg === "*") {
          keys.push("*");
          return "(.*)";
        }
        if (seg.startsWith(":")) {
          keys.push(seg.slice(1));
          return "([^/]+)";
        }
        return seg.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      })
      .join("/");
    this.routes.push({ method: method.toUpperCase(), regex: new RegExp(`^${source}/?$`), keys, handler, pattern });
    return this;
  }
  get(p: string, h: RouteHandler) { return this.on("GET", p, h); }
  post(p: string, h: RouteHandler) { return this.on("POST", p, h); }
  put(p: string, h: RouteHandler) { return this.on("PUT", p, h); }
  patch(p: string, h: RouteHandler) { return this.on("PATCH", p, h); }
  delete(p: string, h: RouteHandler) { return this.on("DELETE", p, h); }

  match(method: string, path: string): RouteMatch {
    const allowed: string[] = [];
    for (const r of this.routes) {
      const m = r.regex.exec(path);
      if (!m) continue;
      if (r.method !== method) {
        allowed.push(r.method);
        continue;
      }
      const params: Record<string, string> = {};
      for (let i = 0; i < r.keys.length; i++) {
        const key = r.keys[i] as string;
        const v = m[i + 1] ?? "";
        try {
          params[key] = decodeURIComponent(v);
        } catch {
          params[key] = v;
        }
      }
      return { kind: "found", handler: r.handler, params, pattern: r.pattern };
    }
    return allowed.length > 0 ? { kind: "method-not-allowed", allowed } : { kind: "not-found" };
  }
}

export type EmulatorServerOptions = {
  name: string;
  port?: number;
  host?: string;
  router: Router;
  /** Routes under `/_sandbox/` (see control.ts). Not faulted, not authenticated, not rate limited. */
  control?: Router;
  faults: FaultController;
  log: RequestLog;
  /** The provider's real error body for an injected status (429 with its headers, 5xx, …). */
  faultResponse(status: number, req: SandboxRequest): SandboxResponse;
  notFound(req: SandboxRequest, allowed?: string[]): SandboxResponse;
  /** Invalid JSON and unexpected exceptions. */
  errorResponse(err: unknown, req: SandboxRequest): SandboxResponse;
  before?(req: SandboxRequest): SandboxResponse | undefined | Promise<SandboxResponse | undefined>;
  after?(req: SandboxRequest, res: SandboxResponse): void;
  /** Called on every request (after the response or hang), e.g. for metrics. */
  maxBodyBytes?: number;
  hangMs?: number;
};

export type StartedServer = { url: string; port: number; stop(): Promise<void>; server: http.Server };

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function makeRequest(raw: IncomingMessage, rawBody: Buffer, url: URL): SandboxRequest {
  let textCache: string | undefined;
  let jsonCache: unknown;
  let jsonParsed = false;
  const text = () => (textCache ??= rawBody.toString("utf8"));
  return {
    method: (raw.method ?? "GET").toUpperCase(),
    path: url.pathname,
    url,
    query: url.searchParams,
    headers: raw.headers,
    params: {},
    rawBody,
    text,
    json() {
      if (!jsonParsed) {
        const t = text();
        if (t.trim() === "") jsonCache = undefined;
        else {
          try {
            jsonCache = JSON.parse(t);
          } catch (e) {
            throw new BodyParseError(`Invalid JSON body: ${(e as Error).message}`);
          }
        }
        jsonParsed = true;
      }
      return jsonCache;
    },
    form: () => new URLSearchParams(text()),
    state: {},
    raw,
  };
}

function writeResponse(res: ServerResponse, r: SandboxResponse): void {
  const headers: Record<string, string | number | string[]> = { ...(r.headers ?? {}) };
  let payload: Buffer | undefined;
  if (r.json !== undefined) {
    payload = Buffer.from(JSON.stringify(r.json), "utf8");
    if (!hasHeader(headers, "content-type")) headers["content-type"] = "application/json;charset=utf-8";
  } else if (r.body !== undefined) {
    // Encode once (byteLength + end(string) would walk a 40 KB batch response twice).
    payload = typeof r.body === "string" ? Buffer.from(r.body, "utf8") : r.body;
  }
  if (payload !== undefined) headers["content-length"] = payload.length;
  else if (r.status !== 204 && r.status !== 304) headers["content-length"] = 0;
  res.writeHead(r.status, headers);
  res.end(payload);
}

function hasHeader(h: Record<string, unknown>, name: string): boolean {
  for (const k of Object.keys(h)) if (k.toLowerCase() === name) return true;
  return false;
}

export async function startEmulatorServer(opts: EmulatorServerOptions): Promise<StartedServer> {
  const host = opts.host ?? "127.0.0.1";
  const maxBody = opts.maxBodyBytes ?? 20 * 1024 * 1024;
  const hangMs = opts.hangMs ?? 120_000;
  const hung = new Set<Socket>();
  let base = "";

  const handle = async (raw: IncomingMessage, res: ServerResponse, rawBody: Buffer) => {
    const started = performance.now();
    const url = new URL(raw.url ?? "/", base);
    const req = makeRequest(raw, rawBody, url);
    let faultLabel: string | undefined;
    const log = (status: number) =>
      opts.log.push({
        at: new Date().toISOString(),
        method: req.method,
        path: req.path,
        query: url.search.startsWith("?") ? url.search.slice(1) : url.search,
        status,
        durationMs: Math.round((performance.now() - started) * 10) / 10,
        ...(faultLabel ? { fault: faultLabel } : {}),
      });
    const hang = () => {
      // Never write a response: the client sees a timeout. Close the socket ourselves only after hangMs.
      const socket = raw.socket;
      hung.add(socket);
      const timer = setTimeout(() => socket.destroy(), hangMs);
      timer.unref();
      socket.once("close", () => {
        clearTimeout(timer);
        hung.delete(socket);
      });
      log(0);
    };
    const send = (r: SandboxResponse) => {
      if (opts.after) opts.after(req, r);
      writeResponse(res, r);
      log(r.status);
    };

    try {
      if (opts.control && req.path.startsWith("/_sandbox/")) {
        const m = opts.control.match(req.method, req.path);
        if (m.kind === "found") {
          req.params = m.params;
          const r = await m.handler(req);
          writeResponse(res, r);
          log(r.status);
          return;
        }
        send(opts.notFound(req, m.kind === "method-not-allowed" ? m.allowed : undefined));
        return;
      }

      const decision = opts.faults.decide(req.method, req.path);
      faultLabel = decision.label;
      if (decision.latencyMs > 0) await sleep(decision.latencyMs);
      if (decision.hang) return hang();
      if (decision.errorStatus !== null) return send(opts.faultResponse(decision.errorStatus, req));

      if (opts.before) {
        const early = await opts.before(req);
        if (early) return send(early);
      }
      const m = opts.router.match(req.method, req.path);
      if (m.kind !== "found") return send(opts.notFound(req, m.kind === "method-not-allowed" ? m.allowed : undefined));
      req.params = m.params;
      req.state.routePattern = m.pattern;
      const r = await m.handler(req);
      if (decision.commitThenHang) return hang();
      send(r);
    } catch (err) {
      if (err instanceof SandboxHttpError) return send(err.response);
      send(opts.errorResponse(err, req));
    }
  };

  const server = http.createServer((raw, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    raw.on("data", (c: Buffer) => {
      size += c.length;
      if (size > maxBody) {
        res.writeHead(413, { "content-type": "application/json" });
        res.end(JSON.stringify({ message: "payload too large" }));
        raw.destroy();
        return;
      }
      chunks.push(c);
    });
    raw.on("end", () => {
      void handle(raw, res, chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)).catch((err) => {
        if (!res.headersSent) {
          res.writeHead(500, { "content-type": "application/json" });
          res.end(JSON.stringify({ message: String(err) }));
        }
      });
    });
  });
  server.keepAliveTimeout = 30_000;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  base = `http://${host}:${port}`;
  return {
    url: base,
    port,
    server,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of hung) s.destroy();
        hung.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Shorthand for JSON responses. */
export function json(status: number, body: unknown, headers?: Record<string, string | number | string[]>): SandboxResponse {
  return headers ? { status, json: body, headers } : { status, json: body };
}

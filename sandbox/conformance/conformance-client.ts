/**
 * A tiny HTTP client for the conformance suites: every response from a real API path is validated against the
 * official OpenAPI document (freee accounting `/api/1/...`, freee請求書 `/iv/...`, Money Forward `/api/v3/...`), and
 * the violations are collected so a test can assert there were none. OAuth and `/_sandbox/` calls are not part of
 * those documents and are not validated.
 *
 * API: `createConformanceClient(baseUrl, { enabled?, ignoreUndocumentedStatus? })` → `{ request(method, path, opts)
 * → {status, headers, body, text}, violations, checked, assertNoViolations() }`. `ignoreUndocumentedStatus` lets
 * behaviour suites provoke statuses a document does not declare (429 on freee会計, 401 on Money Forward…) while
 * still validating every documented one; `enabled: false` (documents absent) turns validation off.
 */
import { loadOpenApiValidator, type SpecName, type ValidationResult } from "./openapi-validator";

export type ClientResponse = { status: number; headers: Headers; body: unknown; text: string };

export type RequestOptions = {
  token?: string;
  json?: unknown;
  form?: Record<string, string>;
  headers?: Record<string, string>;
  /** Validate even if the status is not documented for the operation (default true). */
  validate?: boolean;
  signal?: AbortSignal;
};

export function specFor(path: string): SpecName | null {
  if (path.startsWith("/api/1/")) return "freee-accounting";
  if (path.startsWith("/iv/")) return "freee-iv";
  if (path.startsWith("/api/v3/")) return "moneyforward";
  return null;
}

export type ConformanceClient = {
  request(method: string, path: string, opts?: RequestOptions): Promise<ClientResponse>;
  readonly violations: string[];
  readonly checked: ValidationResult[];
  assertNoViolations(): void;
};

export type ConformanceOptions = { enabled?: boolean; ignoreUndocumentedStatus?: boolean };

export function createConformanceClient(baseUrl: string, options: ConformanceOptions = {}): ConformanceClient {
  const violations: string[] = [];
  const checked: ValidationResult[] = [];
  return {
    violations,
    checked,
    async request(method, path, opts = {}) {
      const headers: Record<string, string> = { accept: "application/json", ...(opts.headers ?? {}) };
      if (opts.token) headers.authorization = `Bearer ${opts.token}`;
      let body: string | undefined;
      if (opts.json !== undefined) {
        headers["content-type"] = "application/json";
        body = JSON.stringify(opts.json);
      } else if (opts.form) {
        headers["content-type"] = "application/x-www-form-urlencoded";
        body = new URLSearchParams(opts.form).toString();
      }
      const res = await fetch(baseUrl + path, { method, headers, body, redirect: "manual", ...(opts.signal ? { signal: opts.signal } : {}) });
      const text = await res.text();
      let parsed: unknown = undefined;
      if (text !== "") {
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = text;
        }
      }
      const spec = specFor(path);
      if (spec && opts.validate !== false && options.enabled !== false) {
        const v = await loadOpenApiValidator(spec);
        const result = v.validateResponse({ method, path, status: res.status, contentType: res.headers.get("content-type"), body: parsed });
        if (!(result.undocumented && options.ignoreUndocumentedStatus)) {
          checked.push(result);
          if (!result.valid) violations.push(...result.errors);
        }
      }
      return { status: res.status, headers: res.headers, body: parsed, text };
    },
    assertNoViolations() {
      if (violations.length > 0) throw new Error(`OpenAPI violations (${violations.length}):\n  ${violations.join("\n  ")}`);
    },
  };
}

/**
 * OpenAPI conformance checks for the freee and Money Forward emulators.
 *
 * The official documents stay in `../shared/specs/` (never copied into the repository); `KAKEHASHI_SPECS_DIR`
 * overrides the location. Where they are absent (a fresh clone), `specsPresent()` is false and the conformance
 * tests skip themselves with a one-line reason.
 *
 * API:
 * - `specsDir()`, `specsPresent()`, `SPEC_FILES` (name → relative path, base path of the API on the wire).
 * - `loadOpenApiValidator(name)` → cached `OpenApiValidator` with
 *   `validateResponse({ method, path, status, contentType, body })` → `{ valid, operation, errors[] }`. Each error
 *   names the operation and the JSON path of the field, e.g.
 *   `GET /invoices/{id} 200 application/json: body/invoice/lines/0/unit_price must be string`.
 * - `expectConformant(result)` throws an Error listing the problems (for tests).
 *
 * How: `@readme/openapi-parser` dereferences the document ($refs resolved into one object graph), the operation is
 * found by matching the concrete path against the templated paths (literal segments win over `{param}`, so
 * `/partners/upsert_by_code` is not taken for `/partners/{id}`), and the response schema for the exact status
 * (else `4XX`-style range, else `default`) and media type is compiled with Ajv: draft-07 Ajv with OpenAPI 3.0's
 * `nullable` for freee (3.0.x), Ajv 2020-12 for Money Forward (3.1.0).
 *
 * `nullable` + `enum` (3.0 documents): freee declares OpenAPI 3.0.0/3.0.1 and marks enum fields `nullable: true`
 * meaning "null or one of these" (its descriptions say null is returned). Ajv follows the later 3.0.3 wording, where
 * `nullable` does not extend `enum`, and would reject every such null; we add `null` to those enums before compiling.
 *
 * `format`: asserted for the 3.0 documents (ajv-formats: date, date-time, uri, …). For OpenAPI 3.1 (JSON Schema
 * 2020-12) `format` is an annotation by default, and we keep it so: MF's own examples in the same document return
 * `billing_date: "2022/12/09"` and `created_at: "2023-03-20 14:56:10 +0900"` under `format: date` / `date-time`, and
 * the emulator reproduces what the live API sends, not a stricter reading of the schema.
 */
import fs from "node:fs";
import path from "node:path";
import { dereference } from "@readme/openapi-parser";
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";

export type SpecName = "freee-accounting" | "freee-iv" | "moneyforward";

/** Relative file under the specs dir, and the path prefix the API has on the wire (server URL path). */
export const SPEC_FILES: Record<SpecName, { file: string; basePath: string }> = {
  "freee-accounting": { file: "freee/v2020_06_15/open-api-3/api-schema.json", basePath: "" },
  "freee-iv": { file: "freee/iv/open-api-3/api-schema.yml", basePath: "/iv" },
  moneyforward: { file: "moneyforward/MF_API_document.yml", basePath: "/api/v3" },
};

/** The repository root: the nearest folder above the working directory holding package.json (tests run from it). */
function repoRoot(): string {
  let dir = process.cwd();
  while (!fs.existsSync(path.join(dir, "package.json"))) {
    const up = path.dirname(dir);
    if (up === dir) return process.cwd();
    dir = up;
  }
  return dir;
}

export function specsDir(): string {
  return process.env.KAKEHASHI_SPECS_DIR ?? path.resolve(repoRoot(), "..", "shared", "specs");
}

export function specsPresent(names: SpecName[] = ["freee-accounting", "freee-iv", "moneyforward"]): boolean {
  return names.every((n) => fs.existsSync(path.join(specsDir(), SPEC_FILES[n].file)));
}

export type RecordedResponse = {
  method: string;
  /** Path as sent on the wire, query string allowed (ignored), e.g. `/iv/invoices/12?company_id=1`. */
  path: string;
  status: number;
  contentType: string | null;
  /** Parsed JSON body, or undefined when the response had no body. */
  body: unknown;
};

/** `undocumented`: the status has no entry (nor a range or default) in the operation's responses. */
export type ValidationResult = { valid: boolean; operation: string; errors: string[]; undocumented?: boolean };

export type OpenApiValidator = {
  name: SpecName;
  validateResponse(res: RecordedResponse): ValidationResult;
  /** Templated path + method for a concrete request, or null. */
  findOperation(method: string, path: string): { template: string; method: string } | null;
};

type JsonObject = Record<string, unknown>;
type PathEntry = { template: string; segments: string[]; item: JsonObject };

const cache = new Map<SpecName, Promise<OpenApiValidator>>();

export function loadOpenApiValidator(name: SpecName): Promise<OpenApiValidator> {
  let p = cache.get(name);
  if (!p) {
    p = build(name);
    cache.set(name, p);
  }
  return p;
}

async function build(name: SpecName): Promise<OpenApiValidator> {
  const file = path.join(specsDir(), SPEC_FILES[name].file);
  if (!fs.existsSync(file)) throw new Error(`OpenAPI document not found: ${file} (set KAKEHASHI_SPECS_DIR)`);
  const doc = (await dereference(file)) as unknown as JsonObject;
  const version = String(doc.openapi ?? "");
  const is31 = version.startsWith("3.1");
  const ajv = is31
    ? new Ajv2020({ strict: false, allErrors: true, validateFormats: false })
    : new Ajv({ strict: false, allErrors: true });
  if (!is31) {
    addFormats(ajv);
    // OpenAPI-specific formats carry no constraint beyond `type` (int64 limits are written as minimum/maximum).
    for (const f of ["int32", "int64", "float", "double", "byte", "binary", "password", "string"]) ajv.addFormat(f, true);
  }

  const basePath = SPEC_FILES[name].basePath;
  const paths: PathEntry[] = Object.entries((doc.paths ?? {}) as Record<string, JsonObject>).map(([template, item]) => ({
    template,
    segments: template.split("/").filter(Boolean),
    item,
  }));
  const compiled = new Map<string, ValidateFunction>();

  const findOperation = (method: string, rawPath: string) => {
    let p = rawPath.split("?")[0] ?? "";
    if (basePath && p.startsWith(basePath)) p = p.slice(basePath.length);
    const segs = p.split("/").filter(Boolean);
    let best: { entry: PathEntry; literals: number } | null = null;
    for (const entry of paths) {
      if (entry.segments.length !== segs.length) continue;
      if (!entry.item[method.toLowerCase()]) continue;
      let literals = 0;
      let ok = true;
      for (let i = 0; i < segs.length; i++) {
        const t = entry.segments[i] as string;
        if (/^\{[^}]+\}$/.test(t)) continue;
        if (t !== decodeURIComponent(segs[i] as string)) {
          ok = false;
          break;
        }
        literals++;
      }
      if (ok && (!best || literals > best.literals)) best = { entry, literals };
    }
    return best ? { template: best.entry.template, method: method.toUpperCase(), entry: best.entry } : null;
  };

  const validateResponse = (res: RecordedResponse): ValidationResult => {
    const found = findOperation(res.method, res.path);
    const label0 = `${res.method.toUpperCase()} ${res.path.split("?")[0]}`;
    if (!found) return { valid: false, operation: label0, errors: [`${label0}: no such operation in ${name}`] };
    const op = found.entry.item[res.method.toLowerCase()] as JsonObject;
    const opLabel = `${found.method} ${found.template}`;
    const responses = (op.responses ?? {}) as Record<string, JsonObject>;
    const status = String(res.status);
    const response = responses[status] ?? responses[`${status[0]}XX`] ?? responses[`${status[0]}xx`] ?? responses.default;
    const label = `${opLabel} ${status}`;
    if (!response) {
      return {
        valid: false,
        undocumented: true,
        operation: label,
        errors: [`${label}: status ${status} is not documented (documented: ${Object.keys(responses).join(", ")})`],
      };
    }
    const content = response.content as Record<string, JsonObject> | undefined;
    const hasBody = res.body !== undefined && res.body !== "";
    if (!content || Object.keys(content).length === 0) {
      // No body documented. A 204 must have none; for other statuses (MF documents `400: {}`) there is nothing to check.
      if (res.status === 204 && hasBody) return { valid: false, operation: label, errors: [`${label}: 204 must not have a body`] };
      return { valid: true, operation: label, errors: [] };
    }
    const mediaType = (res.contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
    const media = content[mediaType];
    if (!media) {
      return {
        valid: false,
        operation: label,
        errors: [`${label}: content-type "${mediaType || "(none)"}" not documented (documented: ${Object.keys(content).join(", ")})`],
      };
    }
    const schema = media.schema as JsonObject | undefined;
    if (!schema) return { valid: true, operation: label, errors: [] };
    const key = `${opLabel} ${status} ${mediaType}`;
    let validate = compiled.get(key);
    if (!validate) {
      if (!is31) nullableEnums(schema, new Set());
      validate = ajv.compile(schema);
      compiled.set(key, validate);
    }
    if (validate(res.body)) return { valid: true, operation: `${label} ${mediaType}`, errors: [] };
    return { valid: false, operation: `${label} ${mediaType}`, errors: (validate.errors ?? []).map((e) => describe(`${label} ${mediaType}`, e)) };
  };

  return {
    name,
    validateResponse,
    findOperation: (m, p) => {
      const f = findOperation(m, p);
      return f ? { template: f.template, method: f.method } : null;
    },
  };
}

function nullableEnums(node: unknown, seen: Set<unknown>): void {
  if (typeof node !== "object" || node === null || seen.has(node)) return;
  seen.add(node);
  if (Array.isArray(node)) {
    for (const n of node) nullableEnums(n, seen);
    return;
  }
  const o = node as JsonObject;
  if (o.nullable === true && Array.isArray(o.enum) && !o.enum.includes(null)) o.enum = [...o.enum, null];
  for (const v of Object.values(o)) nullableEnums(v, seen);
}

function describe(label: string, e: ErrorObject): string {
  const where = `body${e.instancePath}`;
  const params = e.params as Record<string, unknown>;
  if (e.keyword === "required") return `${label}: ${where}/${String(params.missingProperty)} is required but missing`;
  if (e.keyword === "enum") return `${label}: ${where} ${e.message} (${JSON.stringify(params.allowedValues)})`;
  if (e.keyword === "additionalProperties") return `${label}: ${where} has unexpected property "${String(params.additionalProperty)}"`;
  return `${label}: ${where} ${e.message ?? e.keyword}`;
}

export function expectConformant(result: ValidationResult): void {
  if (!result.valid) throw new Error(`Response does not conform to the OpenAPI document:\n  ${result.errors.join("\n  ")}`);
}

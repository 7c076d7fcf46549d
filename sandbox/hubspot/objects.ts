/**
 * CRM v3 object routes for companies, deals, line_items, products, tasks (and contacts): list / get / create /
 * update / archive, batch read/create/update/upsert/archive (≤ 100 inputs, 207 on partial failure), search and
 * merge. Object types are accepted by name, singular or type id ("deals", "deal", "0-3"), as HubSpot does
 * (api-hubspot.md §2). Array query params are accepted both repeated and comma-separated.
 */
import type { Router, SandboxRequest, SandboxResponse } from "../core";
import { SandboxHttpError } from "../core";
import { hsError, notFound, validationError } from "./errors";
import { ASSOCIATION_TYPES, OBJECT_TYPES, resolveObjectType, type ObjectTypeName } from "./schema";
import { SearchValidationError, type SearchBody } from "./search";
import { ValidationError, type ChangeSource, type HsRecord } from "./store";
import type { HubSpotContext } from "./context";

export const BATCH_MAX = 100;
export const LIST_LIMIT_MAX = 100;

export function listParam(req: SandboxRequest, name: string): string[] {
  const out: string[] = [];
  for (const v of req.query.getAll(name)) for (const part of v.split(",")) if (part.trim()) out.push(part.trim());
  return out;
}

export function objectTypeParam(raw: string | undefined): ObjectTypeName {
  const t = resolveObjectType(raw ?? "");
  if (!t) throw new SandboxHttpError(validationError(`Unable to infer object type from: ${raw ?? ""}`));
  return t;
}

export function bodyOf(req: SandboxRequest): Record<string, unknown> {
  let b: unknown;
  try {
    b = req.json();
  } catch (e) {
    throw new SandboxHttpError(hsError(400, "VALIDATION_ERROR", `Invalid input JSON on line 1: ${(e as Error).message}`));
  }
  if (b === undefined) return {};
  if (typeof b !== "object" || b === null) throw new SandboxHttpError(validationError("Invalid input JSON: expected an object"));
  return b as Record<string, unknown>;
}

const iso = (ms: number) => new Date(ms).toISOString();

export type SerializeOptions = {
  properties: string[] | null;
  propertiesWithHistory?: string[];
  associations?: string[];
};

export function serialize(ctx: HubSpotContext, rec: HsRecord, opts: SerializeOptions): Record<string, unknown> {
  const props: Record<string, string | null> = {};
  const p = rec.props;
  if (opts.properties && opts.properties.length > 0) {
    // HubSpot always adds these three alongside the requested properties.
    props.createdate = p.createdate ?? null;
    props.hs_lastmodifieddate = p.hs_lastmodifieddate ?? null;
    props.hs_object_id = rec.id;
    for (const name of opts.properties) props[name] = p[name] ?? null;
  } else {
    for (const name of OBJECT_TYPES[rec.type].defaultProperties) props[name] = p[name] ?? null;
  }
  // hs_createdate / hs_lastmodifieddate already hold these instants as ISO strings; reusing them avoids two
  // Date#toISOString calls per record, which were most of a 100-record batch read's CPU time.
  const out: Record<string, unknown> = {
    id: rec.id,
    properties: props,
    createdAt: p.hs_createdate ?? iso(rec.createdAt),
    updatedAt: !rec.archived && p.hs_lastmodifieddate ? p.hs_lastmodifieddate : iso(rec.updatedAt),
    archived: rec.archived,
  };
  if (rec.archived && rec.archivedAt !== null) out.archivedAt = iso(rec.archivedAt);
  if (opts.propertiesWithHistory && opts.propertiesWithHistory.length > 0) {
    const hist: Record<string, unknown[]> = {};
    for (const name of opts.propertiesWithHistory) {
      const v = p[name];
      hist[name] = v === undefined ? [] : [{ value: v, timestamp: p.hs_lastmodifieddate ?? iso(rec.updatedAt), sourceType: "API", sourceId: "sandbox" }];
    }
    out.propertiesWithHistory = hist;
  }
  if (opts.associations && opts.associations.length > 0) {
    const assoc: Record<string, unknown> = {};
    for (const raw of opts.associations) {
      const toType = resolveObjectType(raw);
      if (!toType) continue;
      const links = ctx.store.links(rec.type, rec.id, toType);
      if (!links || links.size === 0) continue;
      const results: { id: string; type: string }[] = [];
      for (const [toId, set] of links) for (const typeId of set) {
        const def = ASSOCIATION_TYPES.get(typeId);
        if (def) results.push({ id: toId, type: def.v3Name });
      }
      assoc[toType] = { results };
    }
    if (Object.keys(assoc).length > 0) out.associations = assoc;
  }
  return out;
}

const jsonCache = new WeakMap<HsRecord, { key: string; json: string }>();

/**
 * JSON of `serialize(rec, {properties})`, memoised per record until it changes (`rec.v` is bumped on every
 * mutation). Batch reads and search pages re-read the same records constantly during syncs.
 */
export function serializeJson(ctx: HubSpotContext, rec: HsRecord, properties: string[] | null, signature: string): string {
  const key = `${signature}|${rec.v}`;
  const hit = jsonCache.get(rec);
  if (hit && hit.key === key) return hit.json;
  const json = JSON.stringify(serialize(ctx, rec, { properties }));
  jsonCache.set(rec, { key, json });
  return json;
}

function rawJson(status: number, json: string): SandboxResponse {
  return { status, headers: { "content-type": "application/json;charset=utf-8" }, body: json };
}

function handleValidation<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof ValidationError) throw new SandboxHttpError(validationError(e.message, { errors: e.errors.map((x) => ({ message: x.message, code: x.error, context: { propertyName: [x.name] } })) }));
    throw e;
  }
}

type InlineAssociation = { to?: { id?: unknown }; types?: { associationCategory?: unknown; associationTypeId?: unknown }[] };

/** Validate inline `associations` of a create; returns the edges to add or throws 400. */
function checkInlineAssociations(ctx: HubSpotContext, type: ObjectTypeName, raw: unknown): [ObjectTypeName, string, number][] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw new ValidationError([], "associations must be an array");
  const edges: [ObjectTypeName, string, number][] = [];
  for (const a of raw as InlineAssociation[]) {
    const toId = String(a?.to?.id ?? "");
    for (const t of a?.types ?? []) {
      const typeId = Number(t.associationTypeId);
      const def = ASSOCIATION_TYPES.get(typeId);
      if (!def || def.from !== type || (t.associationCategory !== undefined && t.associationCategory !== "HUBSPOT_DEFINED")) {
        throw new ValidationError([], `${String(t.associationCategory)} ${String(t.associationTypeId)} is not a valid association type from ${OBJECT_TYPES[type].singular}`);
      }
      if (!ctx.store.get(def.to, toId)) {
        throw new ValidationError([], `The ${OBJECT_TYPES[def.to].singular} with id ${toId} does not exist, association could not be created.`);
      }
      edges.push([def.to, toId, typeId]);
    }
  }
  return edges;
}

export function createWithAssociations(ctx: HubSpotContext, type: ObjectTypeName, properties: unknown, associations: unknown, source: ChangeSource): HsRecord {
  const values = ctx.store.normalize(type, (properties ?? {}) as Record<string, unknown>);
  const edges = checkInlineAssociations(ctx, type, associations);
  const rec = ctx.store.create(type, values, source);
  for (const [toType, toId, typeId] of edges) ctx.store.associate(type, rec.id, toType, toId, [typeId], source);
  return rec;
}

function batchEnvelope(results: unknown[], errors: Record<string, unknown>[], started: string, okStatus: number): SandboxResponse {
  const body: Record<string, unknown> = { status: "COMPLETE", results, startedAt: started, completedAt: new Date().toISOString() };
  if (errors.length > 0) {
    body.numErrors = errors.length;
    body.errors = errors;
    return { status: 207, json: body };
  }
  return { status: okStatus, json: body };
}

function batchInputs(body: Record<string, unknown>): Record<string, unknown>[] {
  const inputs = body.inputs;
  if (!Array.isArray(inputs)) throw new SandboxHttpError(validationError("Invalid input JSON: inputs must be an array"));
  if (inputs.length > BATCH_MAX) {
    throw new SandboxHttpError(validationError(`Batch input contains ${inputs.length} inputs; the maximum is ${BATCH_MAX}.`, { context: { maxInputs: [String(BATCH_MAX)] } }));
  }
  return inputs as Record<string, unknown>[];
}

function standardError(category: string, message: string, context: Record<string, string[]> = {}): Record<string, unknown> {
  return { status: "error", category, message, context, errors: [], links: {} };
}

export function registerObjectRoutes(router: Router, ctx: HubSpotContext): void {
  const { store } = ctx;
  const P = "/crm/v3/objects/:objectType";
  const source: ChangeSource = "INTEGRATION";

  router.get(P, (req) => {
    const type = objectTypeParam(req.params.objectType);
    const limit = req.query.has("limit") ? Number(req.query.get("limit")) : 10;
    if (!Number.isInteger(limit) || limit < 1 || limit > LIST_LIMIT_MAX) {
      return validationError(`limit must be between 1 and ${LIST_LIMIT_MAX}`);
    }
    const archived = req.query.get("archived") === "true";
    const after = req.query.get("after");
    const order = store.types[type].order;
    // `after` is the id of the first record of the next page; ids are allocated increasing, so binary search.
    let i = 0;
    if (after) {
      const target = Number(after);
      if (!Number.isFinite(target)) return validationError(`Invalid after: ${after}`);
      let lo = 0;
      let hi = order.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((order[mid] as HsRecord).n < target) lo = mid + 1;
        else hi = mid;
      }
      i = lo;
    }
    const opts: SerializeOptions = { properties: listParam(req, "properties"), propertiesWithHistory: listParam(req, "propertiesWithHistory"), associations: listParam(req, "associations") };
    const results: unknown[] = [];
    let next: HsRecord | undefined;
    for (; i < order.length; i++) {
      const rec = order[i] as HsRecord;
      if (rec.archived !== archived) continue;
      if (results.length === limit) {
        next = rec;
        break;
      }
      results.push(serialize(ctx, rec, opts));
    }
    const body: Record<string, unknown> = { results };
    if (next) body.paging = { next: { after: next.id, link: `${req.url.origin}${req.path}?after=${next.id}` } };
    return { status: 200, json: body };
  });

  router.get(`${P}/:id`, (req) => {
    const type = objectTypeParam(req.params.objectType);
    const idProperty = req.query.get("idProperty");
    if (idProperty && !store.isUniqueProperty(type, idProperty)) return validationError(`Property ${idProperty} is not a unique identifier property`);
    const rec = store.find(type, req.params.id ?? "", idProperty, req.query.get("archived") === "true");
    if (!rec) return notFound();
    return { status: 200, json: serialize(ctx, rec, { properties: listParam(req, "properties"), propertiesWithHistory: listParam(req, "propertiesWithHistory"), associations: listParam(req, "associations") }) };
  });

  router.post(P, (req) => {
    const type = objectTypeParam(req.params.objectType);
    const body = bodyOf(req);
    const rec = handleValidation(() => createWithAssociations(ctx, type, body.properties, body.associations, source));
    return { status: 201, json: serialize(ctx, rec, { properties: Object.keys((body.properties ?? {}) as object) }) };
  });

  router.patch(`${P}/:id`, (req) => {
    const type = objectTypeParam(req.params.objectType);
    const idProperty = req.query.get("idProperty");
    if (idProperty && !store.isUniqueProperty(type, idProperty)) return validationError(`Property ${idProperty} is not a unique identifier property`);
    const rec = store.find(type, req.params.id ?? "", idProperty);
    if (!rec) return notFound();
    const body = bodyOf(req);
    handleValidation(() => store.update(rec, store.normalize(type, (body.properties ?? {}) as Record<string, unknown>), source));
    return { status: 200, json: serialize(ctx, rec, { properties: Object.keys((body.properties ?? {}) as object) }) };
  });

  router.delete(`${P}/:id`, (req) => {
    const type = objectTypeParam(req.params.objectType);
    const rec = store.get(type, req.params.id ?? "");
    // Archive is idempotent in HubSpot: unknown or already archived ids also answer 204.
    if (rec) store.archive(rec, source);
    return { status: 204 };
  });

  router.post(`${P}/batch/read`, (req) => {
    const type = objectTypeParam(req.params.objectType);
    const started = new Date().toISOString();
    const body = bodyOf(req);
    const inputs = batchInputs(body);
    const idProperty = typeof body.idProperty === "string" ? body.idProperty : null;
    if (idProperty && !store.isUniqueProperty(type, idProperty)) return validationError(`Property ${idProperty} is not a unique identifier property`);
    const archived = req.query.get("archived") === "true";
    const opts: SerializeOptions = {
      properties: Array.isArray(body.properties) ? (body.properties as string[]) : null,
      propertiesWithHistory: Array.isArray(body.propertiesWithHistory) ? (body.propertiesWithHistory as string[]) : [],
    };
    const withHistory = (opts.propertiesWithHistory?.length ?? 0) > 0;
    const signature = opts.properties ? opts.properties.join(",") : "*";
    const results: unknown[] = [];
    const fragments: string[] = [];
    const missing: string[] = [];
    const seen = new Set<string>();
    for (const input of inputs) {
      const id = String(input?.id ?? "");
      if (seen.has(id)) continue;
      seen.add(id);
      const rec = store.find(type, id, idProperty, archived);
      if (!rec || rec.archived !== archived) missing.push(id);
      else if (withHistory) results.push(serialize(ctx, rec, opts));
      else fragments.push(serializeJson(ctx, rec, opts.properties, signature));
    }
    const errors = missing.length
      ? [standardError("OBJECT_NOT_FOUND", `Could not get some ${OBJECT_TYPES[type].singular.toUpperCase()} objects, they may be deleted or not exist. Check that ids are valid.`, { ids: missing })]
      : [];
    if (withHistory) return batchEnvelope(results, errors, started, 200);
    // Hot path (sync benchmarks): splice memoised record JSON into the envelope instead of re-stringifying.
    const tail = errors.length ? `,"numErrors":${errors.length},"errors":${JSON.stringify(errors)}` : "";
    return rawJson(errors.length ? 207 : 200, `{"status":"COMPLETE","results":[${fragments.join(",")}],"startedAt":"${started}","completedAt":"${new Date().toISOString()}"${tail}}`);
  });

  router.post(`${P}/batch/create`, (req) => {
    const type = objectTypeParam(req.params.objectType);
    const started = new Date().toISOString();
    const inputs = batchInputs(bodyOf(req));
    const allTraced = inputs.length > 0 && inputs.every((i) => typeof i?.objectWriteTraceId === "string");
    // Without objectWriteTraceId on every input HubSpot fails the whole batch on the first invalid input; with them
    // it answers 207 and creates the valid ones (api-hubspot.md §2).
    const prepared = inputs.map((input) => {
      try {
        return { input, values: store.normalize(type, (input?.properties ?? {}) as Record<string, unknown>), edges: checkInlineAssociations(ctx, type, input?.associations), error: null };
      } catch (e) {
        if (!(e instanceof ValidationError)) throw e;
        return { input, values: null, edges: [], error: e };
      }
    });
    const firstError = prepared.find((p) => p.error);
    if (firstError?.error && !allTraced) return handleValidation(() => { throw firstError.error; });
    const results: unknown[] = [];
    const errors: Record<string, unknown>[] = [];
    for (const p of prepared) {
      const trace = typeof p.input?.objectWriteTraceId === "string" ? p.input.objectWriteTraceId : undefined;
      try {
        if (p.error) throw p.error;
        const rec = store.create(type, p.values ?? {}, source);
        for (const [toType, toId, typeId] of p.edges) store.associate(type, rec.id, toType, toId, [typeId], source);
        const out = serialize(ctx, rec, { properties: Object.keys((p.input?.properties ?? {}) as object) });
        if (trace) out.objectWriteTraceId = trace;
        results.push(out);
      } catch (e) {
        if (!(e instanceof ValidationError)) throw e;
        if (!allTraced) return handleValidation(() => { throw e; });
        errors.push(standardError("VALIDATION_ERROR", e.message, { objectWriteTraceId: [trace ?? ""] }));
      }
    }
    return batchEnvelope(results, errors, started, 201);
  });

  router.post(`${P}/batch/update`, (req) => {
    const type = objectTypeParam(req.params.objectType);
    const started = new Date().toISOString();
    const inputs = batchInputs(bodyOf(req));
    const allTraced = inputs.length > 0 && inputs.every((i) => typeof i?.objectWriteTraceId === "string");
    const prepared = inputs.map((input) => {
      const idProperty = typeof input?.idProperty === "string" ? input.idProperty : null;
      const rec = idProperty && !store.isUniqueProperty(type, idProperty) ? undefined : store.find(type, String(input?.id ?? ""), idProperty);
      try {
        return { input, rec, values: store.normalize(type, (input?.properties ?? {}) as Record<string, unknown>), error: null };
      } catch (e) {
        if (!(e instanceof ValidationError)) throw e;
        return { input, rec, values: null, error: e };
      }
    });
    const firstError = prepared.find((p) => p.error);
    if (firstError?.error && !allTraced) return handleValidation(() => { throw firstError.error; });
    const results: unknown[] = [];
    const errors: Record<string, unknown>[] = [];
    const missing: string[] = [];
    for (const p of prepared) {
      const trace = typeof p.input?.objectWriteTraceId === "string" ? p.input.objectWriteTraceId : undefined;
      if (!p.rec) {
        missing.push(String(p.input?.id ?? ""));
        continue;
      }
      try {
        if (p.error) throw p.error;
        store.update(p.rec, p.values ?? {}, source);
        const out = serialize(ctx, p.rec, { properties: Object.keys((p.input?.properties ?? {}) as object) });
        if (trace) out.objectWriteTraceId = trace;
        results.push(out);
      } catch (e) {
        if (!(e instanceof ValidationError)) throw e;
        if (!allTraced) return handleValidation(() => { throw e; });
        errors.push(standardError("VALIDATION_ERROR", e.message, { objectWriteTraceId: [trace ?? ""] }));
      }
    }
    if (missing.length) errors.push(standardError("OBJECT_NOT_FOUND", `Could not update some ${OBJECT_TYPES[type].singular.toUpperCase()} objects, they may be deleted or not exist. Check that ids are valid.`, { ids: missing }));
    return batchEnvelope(results, errors, started, 200);
  });

  router.post(`${P}/batch/upsert`, (req) => {
    const type = objectTypeParam(req.params.objectType);
    const started = new Date().toISOString();
    const inputs = batchInputs(bodyOf(req));
    const allTraced = inputs.length > 0 && inputs.every((i) => typeof i?.objectWriteTraceId === "string");
    const results: unknown[] = [];
    const errors: Record<string, unknown>[] = [];
    for (const input of inputs) {
      const idProperty = typeof input?.idProperty === "string" ? input.idProperty : (req.query.get("idProperty") ?? "");
      if (!idProperty || idProperty === "hs_object_id" || !store.isUniqueProperty(type, idProperty)) {
        return validationError(`idProperty ${idProperty || "(missing)"} must be a property with unique values (hasUniqueValue: true)`);
      }
    }
    for (const input of inputs) {
      const idProperty = typeof input?.idProperty === "string" ? input.idProperty : (req.query.get("idProperty") as string);
      const id = String(input?.id ?? "");
      const trace = typeof input?.objectWriteTraceId === "string" ? input.objectWriteTraceId : undefined;
      try {
        const values = store.normalize(type, { ...((input?.properties ?? {}) as Record<string, unknown>), [idProperty]: id });
        const existing = store.find(type, id, idProperty);
        const rec = existing ? store.update(existing, values, source) : store.create(type, values, source);
        const out = serialize(ctx, rec, { properties: Object.keys((input?.properties ?? {}) as object).concat(idProperty) });
        out.new = !existing;
        if (trace) out.objectWriteTraceId = trace;
        results.push(out);
      } catch (e) {
        if (!(e instanceof ValidationError)) throw e;
        if (!allTraced) return handleValidation(() => { throw e; });
        errors.push(standardError("VALIDATION_ERROR", e.message, { objectWriteTraceId: [trace ?? ""] }));
      }
    }
    return batchEnvelope(results, errors, started, 200);
  });

  router.post(`${P}/batch/archive`, (req) => {
    const type = objectTypeParam(req.params.objectType);
    for (const input of batchInputs(bodyOf(req))) {
      const rec = store.get(type, String(input?.id ?? ""));
      if (rec) store.archive(rec, source);
    }
    return { status: 204 };
  });

  router.post(`${P}/search`, (req) => {
    const type = objectTypeParam(req.params.objectType);
    const body = bodyOf(req) as SearchBody;
    try {
      const { total, results, nextAfter } = ctx.search.run(type, body, req.rawBody.length);
      const properties = Array.isArray(body.properties) ? body.properties : null;
      const signature = properties ? properties.join(",") : "*";
      const paging = nextAfter ? `,"paging":{"next":{"after":"${nextAfter}"}}` : "";
      return rawJson(200, `{"total":${total},"results":[${results.map((r) => serializeJson(ctx, r, properties, signature)).join(",")}]${paging}}`);
    } catch (e) {
      if (e instanceof SearchValidationError) return validationError(e.message);
      throw e;
    }
  });

  router.post(`${P}/merge`, (req) => {
    const type = objectTypeParam(req.params.objectType);
    if (type !== "companies" && type !== "deals" && type !== "contacts") return validationError(`Merging ${type} is not supported`);
    const body = bodyOf(req);
    const primaryId = String(body.primaryObjectId ?? "");
    const mergeId = String(body.objectIdToMerge ?? "");
    if (!primaryId || !mergeId) return validationError("primaryObjectId and objectIdToMerge are required");
    const primary = store.get(type, primaryId);
    const merged = store.get(type, mergeId);
    if (!primary || !merged) return notFound(`Object not found: ${!primary ? primaryId : mergeId}`);
    if (primary === merged) return validationError("Cannot merge an object with itself");
    store.merge(primary, merged, source);
    return { status: 200, json: serialize(ctx, primary, { properties: null }) };
  });
}

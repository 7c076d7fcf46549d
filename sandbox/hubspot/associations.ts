/**
 * Associations v4 (api-hubspot.md §5): PUT with types (201), PUT default (200), DELETE (204), GET list (≤ 500 per
 * page), batch read (≤ 1,000 inputs; ids without associations come back as 207 errors, as HubSpot does), batch
 * create (201), batch associate/default (200), batch archive and labels/archive (204), labels; plus the v3 batch
 * read. `toObjectId` is a NUMBER in v4 responses, as HubSpot sends it (the SDK's TS type says string).
 */
import type { Router, SandboxResponse } from "../core";
import { SandboxHttpError } from "../core";
import { notFound, validationError } from "./errors";
import { bodyOf, objectTypeParam } from "./objects";
import { ASSOCIATION_TYPES, OBJECT_TYPES, defaultAssociationType, type ObjectTypeName } from "./schema";
import type { ChangeSource } from "./store";
import type { HubSpotContext } from "./context";

const source: ChangeSource = "INTEGRATION";
const BATCH_READ_MAX = 1000;

function typesFor(set: readonly number[]) {
  return [...set].map((typeId) => {
    const def = ASSOCIATION_TYPES.get(typeId);
    return { category: "HUBSPOT_DEFINED", typeId, label: def?.label ?? null };
  });
}

function parseSpecs(raw: unknown, from: ObjectTypeName, to: ObjectTypeName): number[] {
  if (!Array.isArray(raw) || raw.length === 0) throw new SandboxHttpError(validationError("Request body must be a non-empty array of association specs"));
  return raw.map((s: { associationCategory?: unknown; associationTypeId?: unknown }) => {
    const typeId = Number(s?.associationTypeId);
    const def = ASSOCIATION_TYPES.get(typeId);
    if (s?.associationCategory !== "HUBSPOT_DEFINED" || !def || def.from !== from || def.to !== to) {
      throw new SandboxHttpError(validationError(`${String(s?.associationCategory)} ${String(s?.associationTypeId)} is not a valid association type between ${OBJECT_TYPES[from].singular} and ${OBJECT_TYPES[to].singular}`));
    }
    return typeId;
  });
}

export function registerAssociationRoutes(router: Router, ctx: HubSpotContext): void {
  const { store } = ctx;
  const must = (type: ObjectTypeName, id: string) => {
    if (!store.get(type, id)) throw new SandboxHttpError(notFound(`${OBJECT_TYPES[type].singular} ${id} not found`));
  };
  const defaultType = (from: ObjectTypeName, to: ObjectTypeName) => {
    const d = defaultAssociationType(from, to);
    if (!d) throw new SandboxHttpError(validationError(`No default association type between ${from} and ${to}`));
    return d;
  };
  const base = "/crm/v4/objects/:fromType/:fromId/associations";

  router.put(`${base}/default/:toType/:toId`, (req) => {
    const from = objectTypeParam(req.params.fromType);
    const to = objectTypeParam(req.params.toType);
    const fromId = req.params.fromId ?? "";
    const toId = req.params.toId ?? "";
    must(from, fromId);
    must(to, toId);
    const d = defaultType(from, to);
    store.associate(from, fromId, to, toId, [d.id], source);
    const now = new Date().toISOString();
    return {
      status: 200,
      json: {
        status: "COMPLETE", startedAt: now, completedAt: now,
        results: [
          { from: { id: fromId }, to: { id: toId }, associationSpec: { associationCategory: "HUBSPOT_DEFINED", associationTypeId: d.id } },
          { from: { id: toId }, to: { id: fromId }, associationSpec: { associationCategory: "HUBSPOT_DEFINED", associationTypeId: d.inverse } },
        ],
      },
    };
  });

  router.put(`${base}/:toType/:toId`, (req) => {
    const from = objectTypeParam(req.params.fromType);
    const to = objectTypeParam(req.params.toType);
    const fromId = req.params.fromId ?? "";
    const toId = req.params.toId ?? "";
    const typeIds = parseSpecs(req.json(), from, to);
    must(from, fromId);
    must(to, toId);
    store.associate(from, fromId, to, toId, typeIds, source);
    const set = store.links(from, fromId, to)?.get(toId) ?? [];
    return {
      status: 201,
      json: {
        fromObjectTypeId: OBJECT_TYPES[from].typeId, fromObjectId: Number(fromId), toObjectTypeId: OBJECT_TYPES[to].typeId, toObjectId: Number(toId),
        labels: [...set].map((t) => ASSOCIATION_TYPES.get(t)?.label).filter((l): l is string => !!l),
      },
    };
  });

  router.delete(`${base}/:toType/:toId`, (req) => {
    const from = objectTypeParam(req.params.fromType);
    const to = objectTypeParam(req.params.toType);
    store.disassociate(from, req.params.fromId ?? "", to, req.params.toId ?? "", null, source);
    return { status: 204 };
  });

  router.get(`${base}/:toType`, (req) => {
    const from = objectTypeParam(req.params.fromType);
    const to = objectTypeParam(req.params.toType);
    const fromId = req.params.fromId ?? "";
    must(from, fromId);
    const limit = Math.min(Number(req.query.get("limit") ?? 500) || 500, 500);
    const after = Number(req.query.get("after") ?? 0) || 0;
    const entries = [...(store.links(from, fromId, to) ?? new Map<string, number[]>())];
    const page = entries.slice(after, after + limit);
    const body: Record<string, unknown> = { results: page.map(([toId, set]) => ({ toObjectId: Number(toId), associationTypes: typesFor(set) })) };
    if (after + limit < entries.length) body.paging = { next: { after: String(after + limit), link: null } };
    return { status: 200, json: body };
  });

  const batch = "/crm/v4/associations/:fromType/:toType";
  const inputsOf = (raw: Record<string, unknown>, max: number) => {
    if (!Array.isArray(raw.inputs)) throw new SandboxHttpError(validationError("inputs must be an array"));
    if (raw.inputs.length > max) throw new SandboxHttpError(validationError(`Too many inputs: ${raw.inputs.length} (max ${max})`));
    return raw.inputs as Record<string, any>[]; // eslint-disable-line @typescript-eslint/no-explicit-any
  };
  const envelope = (results: unknown[], errors: unknown[], okStatus: number): SandboxResponse => {
    const now = new Date().toISOString();
    const body: Record<string, unknown> = { status: "COMPLETE", results, startedAt: now, completedAt: now };
    if (errors.length) return { status: 207, json: { ...body, numErrors: errors.length, errors } };
    return { status: okStatus, json: body };
  };

  router.post(`${batch}/batch/read`, (req) => {
    const from = objectTypeParam(req.params.fromType);
    const to = objectTypeParam(req.params.toType);
    const inputs = inputsOf(bodyOf(req), BATCH_READ_MAX);
    const results: unknown[] = [];
    const errors: unknown[] = [];
    for (const input of inputs) {
      const id = String(input?.id ?? "");
      const links = store.get(from, id) ? store.links(from, id, to) : undefined;
      if (!links || links.size === 0) {
        errors.push({
          status: "error", category: "OBJECT_NOT_FOUND", subCategory: "crm.associations.NO_ASSOCIATIONS_FOUND",
          message: `No ${OBJECT_TYPES[to].singular} is associated with ${OBJECT_TYPES[from].singular} ${id}.`,
          context: { fromObjectId: [id], toObjectType: [OBJECT_TYPES[to].singular] }, errors: [], links: {},
        });
        continue;
      }
      results.push({ from: { id }, to: [...links].map(([toId, set]) => ({ toObjectId: Number(toId), associationTypes: typesFor(set) })) });
    }
    return envelope(results, errors, 200);
  });

  router.post(`${batch}/batch/create`, (req) => {
    const from = objectTypeParam(req.params.fromType);
    const to = objectTypeParam(req.params.toType);
    const inputs = inputsOf(bodyOf(req), 2000);
    const results: unknown[] = [];
    const errors: unknown[] = [];
    for (const input of inputs) {
      const fromId = String(input?.from?.id ?? "");
      const toId = String(input?.to?.id ?? "");
      const typeIds = parseSpecs(input?.types, from, to);
      if (!store.get(from, fromId) || !store.get(to, toId)) {
        errors.push({ status: "error", category: "VALIDATION_ERROR", message: `Object not found: ${!store.get(from, fromId) ? fromId : toId}`, context: { ids: [!store.get(from, fromId) ? fromId : toId] }, errors: [], links: {} });
        continue;
      }
      store.associate(from, fromId, to, toId, typeIds, source);
      const set = store.links(from, fromId, to)?.get(toId) ?? [];
      results.push({
        fromObjectTypeId: OBJECT_TYPES[from].typeId, fromObjectId: Number(fromId), toObjectTypeId: OBJECT_TYPES[to].typeId, toObjectId: Number(toId),
        labels: [...set].map((t) => ASSOCIATION_TYPES.get(t)?.label).filter((l): l is string => !!l),
      });
    }
    return envelope(results, errors, 201);
  });

  router.post(`${batch}/batch/associate/default`, (req) => {
    const from = objectTypeParam(req.params.fromType);
    const to = objectTypeParam(req.params.toType);
    const d = defaultType(from, to);
    const results: unknown[] = [];
    const errors: unknown[] = [];
    for (const input of inputsOf(bodyOf(req), 2000)) {
      const fromId = String(input?.from?.id ?? "");
      const toId = String(input?.to?.id ?? "");
      if (!store.get(from, fromId) || !store.get(to, toId)) {
        errors.push({ status: "error", category: "VALIDATION_ERROR", message: "Object not found", context: { ids: [fromId, toId] }, errors: [], links: {} });
        continue;
      }
      store.associate(from, fromId, to, toId, [d.id], source);
      results.push({ from: { id: fromId }, to: { id: toId }, associationSpec: { associationCategory: "HUBSPOT_DEFINED", associationTypeId: d.id } });
    }
    return envelope(results, errors, 200);
  });

  router.post(`${batch}/batch/archive`, (req) => {
    const from = objectTypeParam(req.params.fromType);
    const to = objectTypeParam(req.params.toType);
    for (const input of inputsOf(bodyOf(req), 2000)) {
      const fromId = String(input?.from?.id ?? "");
      for (const t of (input?.to ?? []) as { id?: unknown }[]) store.disassociate(from, fromId, to, String(t?.id ?? ""), null, source);
    }
    return { status: 204 };
  });

  router.post(`${batch}/batch/labels/archive`, (req) => {
    const from = objectTypeParam(req.params.fromType);
    const to = objectTypeParam(req.params.toType);
    for (const input of inputsOf(bodyOf(req), 2000)) {
      const typeIds = parseSpecs(input?.types, from, to);
      store.disassociate(from, String(input?.from?.id ?? ""), to, String(input?.to?.id ?? ""), typeIds, source);
    }
    return { status: 204 };
  });

  router.get(`${batch}/labels`, (req) => {
    const from = objectTypeParam(req.params.fromType);
    const to = objectTypeParam(req.params.toType);
    const results = [...ASSOCIATION_TYPES.values()]
      .filter((d) => d.from === from && d.to === to)
      .map((d) => ({ category: "HUBSPOT_DEFINED", typeId: d.id, label: d.label }));
    return { status: 200, json: { results } };
  });

  // v3 batch read (older SDK namespace crm.associations.batchApi): {results: [{from: {id}, to: [{id, type}]}]}.
  router.post("/crm/v3/associations/:fromType/:toType/batch/read", (req) => {
    const from = objectTypeParam(req.params.fromType);
    const to = objectTypeParam(req.params.toType);
    const results: unknown[] = [];
    for (const input of inputsOf(bodyOf(req), BATCH_READ_MAX)) {
      const id = String(input?.id ?? "");
      const links = store.get(from, id) ? store.links(from, id, to) : undefined;
      if (!links || links.size === 0) continue;
      const toList: { id: string; type: string }[] = [];
      for (const [toId, set] of links) for (const t of set) {
        const def = ASSOCIATION_TYPES.get(t);
        if (def) toList.push({ id: toId, type: def.v3Name });
      }
      results.push({ from: { id }, to: toList });
    }
    const now = new Date().toISOString();
    return { status: 200, json: { status: "COMPLETE", results, startedAt: now, completedAt: now } };
  });
}

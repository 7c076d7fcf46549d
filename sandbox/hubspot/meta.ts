/**
 * Schema-ish routes: properties and property groups (api-hubspot.md §6), pipelines and stages (§4), owners (§7).
 * Deal stage-entry properties (`hs_date_entered_<stageId>` / `hs_v2_date_entered_<stageId>`) are listed per stage of
 * every pipeline, as HubSpot creates them with the stages.
 */
import type { Router } from "../core";
import { SandboxHttpError } from "../core";
import { hsError, notFound, validationError } from "./errors";
import { bodyOf, listParam, objectTypeParam } from "./objects";
import type { ObjectTypeName, PropertyDef, PropertyType } from "./schema";
import { stage as makeStage, type Pipeline, type Stage } from "./store";
import type { HubSpotContext } from "./context";

const VALID_PAIRS: Record<PropertyType, string[]> = {
  string: ["text", "textarea", "html", "phonenumber", "file", "calculation_equation"],
  number: ["number", "calculation_equation"],
  date: ["date"],
  datetime: ["date"],
  enumeration: ["select", "radio", "checkbox", "booleancheckbox", "calculation_equation"],
  bool: ["booleancheckbox", "calculation_equation"],
  phone_number: ["phonenumber"],
};

function serializeProperty(p: PropertyDef) {
  return {
    updatedAt: p.updatedAt, createdAt: p.createdAt, name: p.name, label: p.label, type: p.type, fieldType: p.fieldType,
    description: p.description, groupName: p.groupName, options: p.options, displayOrder: p.displayOrder,
    calculated: p.calculated, externalOptions: false, hasUniqueValue: p.hasUniqueValue, hidden: p.hidden,
    hubspotDefined: p.hubspotDefined, showCurrencySymbol: p.name === "amount" || p.name === "price",
    modificationMetadata: { archivable: !p.hubspotDefined, readOnlyDefinition: p.hubspotDefined, readOnlyValue: p.readOnly },
    formField: p.formField, archived: p.archived,
  };
}

export function registerMetaRoutes(router: Router, ctx: HubSpotContext): void {
  const { store } = ctx;

  const propsOf = (type: ObjectTypeName): PropertyDef[] => {
    const list = [...store.types[type].props.values()];
    if (type === "deals") {
      const tpl = store.types.deals.props.get("hs_lastmodifieddate") as PropertyDef;
      let order = 1000;
      for (const p of store.pipelines.values()) for (const s of p.stages) {
        for (const [prefix, label] of [["hs_date_entered_", "Date entered"], ["hs_v2_date_entered_", "Date entered"], ["hs_date_exited_", "Date exited"]] as const) {
          list.push({ ...tpl, name: `${prefix}${s.id}`, label: `${label} "${s.label} (${p.label})"`, groupName: "dealstages", displayOrder: order++, readOnly: true });
        }
      }
    }
    return list;
  };

  // ---- property groups (registered before /:propertyName so "groups" is not read as a property name) ----
  const G = "/crm/v3/properties/:objectType/groups";
  router.get(G, (req) => {
    const type = objectTypeParam(req.params.objectType);
    return { status: 200, json: { results: [...store.types[type].groups.values()] } };
  });
  router.post(G, (req) => {
    const type = objectTypeParam(req.params.objectType);
    const b = bodyOf(req);
    if (typeof b.name !== "string" || typeof b.label !== "string") return validationError("name and label are required");
    if (store.types[type].groups.has(b.name)) return hsError(409, "OBJECT_ALREADY_EXISTS", `A property group named ${b.name} already exists`);
    const g = { name: b.name, label: b.label, displayOrder: typeof b.displayOrder === "number" ? b.displayOrder : -1, archived: false };
    store.types[type].groups.set(g.name, g);
    return { status: 201, json: g };
  });
  router.get(`${G}/:groupName`, (req) => {
    const g = store.types[objectTypeParam(req.params.objectType)].groups.get(req.params.groupName ?? "");
    return g ? { status: 200, json: g } : notFound();
  });
  router.patch(`${G}/:groupName`, (req) => {
    const g = store.types[objectTypeParam(req.params.objectType)].groups.get(req.params.groupName ?? "");
    if (!g) return notFound();
    const b = bodyOf(req);
    if (typeof b.label === "string") g.label = b.label;
    if (typeof b.displayOrder === "number") g.displayOrder = b.displayOrder;
    return { status: 200, json: g };
  });
  router.delete(`${G}/:groupName`, (req) => {
    store.types[objectTypeParam(req.params.objectType)].groups.delete(req.params.groupName ?? "");
    return { status: 204 };
  });

  // ---- properties ----
  const PR = "/crm/v3/properties/:objectType";
  router.get(PR, (req) => {
    const type = objectTypeParam(req.params.objectType);
    const archived = req.query.get("archived") === "true";
    const wanted = listParam(req, "properties");
    let list = propsOf(type).filter((p) => p.archived === archived);
    if (wanted.length) list = list.filter((p) => wanted.includes(p.name));
    return { status: 200, json: { results: list.map(serializeProperty) } };
  });
  router.post(`${PR}/batch/read`, (req) => {
    const type = objectTypeParam(req.params.objectType);
    const names = new Set(((bodyOf(req).inputs ?? []) as { name?: string }[]).map((i) => i.name));
    const now = new Date().toISOString();
    return { status: 200, json: { status: "COMPLETE", results: propsOf(type).filter((p) => names.has(p.name)).map(serializeProperty), startedAt: now, completedAt: now } };
  });
  router.get(`${PR}/:propertyName`, (req) => {
    const type = objectTypeParam(req.params.objectType);
    const p = propsOf(type).find((x) => x.name === req.params.propertyName);
    return p ? { status: 200, json: serializeProperty(p) } : notFound(`Unable to find property ${req.params.propertyName ?? ""}`);
  });
  router.post(PR, (req) => {
    const type = objectTypeParam(req.params.objectType);
    const b = bodyOf(req);
    for (const k of ["name", "label", "type", "fieldType", "groupName"]) {
      if (typeof b[k] !== "string" || b[k] === "") return validationError(`${k} is required`, { errors: [{ message: `${k} is required`, code: "REQUIRED_FIELD", in: k }] });
    }
    const name = b.name as string;
    const ptype = b.type as PropertyType;
    if (!/^[a-z][a-z0-9_]*$/.test(name)) return validationError(`Property name ${name} is invalid: use lowercase letters, digits and underscores`);
    if (!VALID_PAIRS[ptype]) return validationError(`type ${ptype} is not valid`);
    if (!VALID_PAIRS[ptype].includes(b.fieldType as string)) return validationError(`fieldType ${String(b.fieldType)} is not valid for type ${ptype}`);
    if (store.types[type].props.has(name)) return hsError(409, "OBJECT_ALREADY_EXISTS", `Property named ${name} already exists.`);
    if (!store.types[type].groups.has(b.groupName as string)) return validationError(`Property group ${String(b.groupName)} does not exist`);
    const now = new Date().toISOString();
    const def: PropertyDef = {
      name, label: b.label as string, type: ptype, fieldType: b.fieldType as string, groupName: b.groupName as string,
      description: typeof b.description === "string" ? b.description : "", displayOrder: typeof b.displayOrder === "number" ? b.displayOrder : -1,
      hasUniqueValue: b.hasUniqueValue === true, hidden: b.hidden === true, formField: b.formField === true, hubspotDefined: false,
      calculated: false, readOnly: false,
      options: Array.isArray(b.options) ? (b.options as { label: string; value: string; displayOrder?: number; hidden?: boolean; description?: string }[]).map((o, i) => ({ label: o.label, value: o.value, displayOrder: o.displayOrder ?? i, hidden: o.hidden ?? false, ...(o.description ? { description: o.description } : {}) })) : [],
      createdAt: now, updatedAt: now, archived: false,
    };
    if (ptype === "enumeration" && def.fieldType !== "booleancheckbox" && def.options.length === 0) return validationError("enumeration properties need options");
    store.types[type].props.set(name, def);
    return { status: 201, json: serializeProperty(def) };
  });
  router.patch(`${PR}/:propertyName`, (req) => {
    const type = objectTypeParam(req.params.objectType);
    const p = store.types[type].props.get(req.params.propertyName ?? "");
    if (!p) return notFound();
    const b = bodyOf(req);
    if (p.hubspotDefined && (b.type !== undefined || b.fieldType !== undefined)) return validationError(`Cannot change the type of HubSpot-defined property ${p.name}`);
    if ("hasUniqueValue" in b) return validationError("hasUniqueValue cannot be changed after creation");
    for (const k of ["label", "description", "groupName", "fieldType", "type"] as const) if (typeof b[k] === "string") (p as Record<string, unknown>)[k] = b[k];
    if (typeof b.displayOrder === "number") p.displayOrder = b.displayOrder;
    if (typeof b.hidden === "boolean") p.hidden = b.hidden;
    if (Array.isArray(b.options)) p.options = (b.options as { label: string; value: string }[]).map((o, i) => ({ label: o.label, value: o.value, displayOrder: i, hidden: false }));
    p.updatedAt = new Date().toISOString();
    return { status: 200, json: serializeProperty(p) };
  });
  router.delete(`${PR}/:propertyName`, (req) => {
    const type = objectTypeParam(req.params.objectType);
    const p = store.types[type].props.get(req.params.propertyName ?? "");
    if (p?.hubspotDefined) return validationError(`HubSpot-defined property ${p.name} cannot be archived`);
    if (p) store.types[type].props.delete(p.name);
    return { status: 204 };
  });

  // ---- pipelines ----
  const PL = "/crm/v3/pipelines/:objectType";
  const dealsOnly = (raw: string | undefined) => {
    const t = objectTypeParam(raw);
    if (t !== "deals") throw new SandboxHttpError(validationError(`Pipelines are not supported for ${t} in the sandbox`));
  };
  const pipelineOr404 = (id: string | undefined): Pipeline => {
    const p = store.pipelines.get(id ?? "");
    if (!p || p.archived) throw new SandboxHttpError(notFound(`Pipeline ${id ?? ""} not found`));
    return p;
  };
  let nextNumericId = 90_000_000;
  const stageFromBody = (b: Record<string, unknown>, fallbackOrder: number): Stage => {
    const metadata = (b.metadata ?? {}) as Record<string, unknown>;
    const probability = metadata.probability;
    if (probability === undefined) throw new SandboxHttpError(validationError("metadata.probability is required for deal stages"));
    const pnum = Number(probability);
    if (!Number.isFinite(pnum) || pnum < 0 || pnum > 1) throw new SandboxHttpError(validationError("probability must be between 0.0 and 1.0"));
    const s = makeStage(String(nextNumericId++), String(b.label ?? "Stage"), typeof b.displayOrder === "number" ? b.displayOrder : fallbackOrder, pnum.toFixed(1), pnum === 0 || pnum === 1 || metadata.isClosed === "true" || metadata.isClosed === true);
    const now = new Date().toISOString();
    s.createdAt = now;
    s.updatedAt = now;
    return s;
  };
  const touch = () => store.syncPipelineOptions();

  router.get(PL, (req) => {
    const t = objectTypeParam(req.params.objectType);
    if (t !== "deals") return { status: 200, json: { results: [] } };
    return { status: 200, json: { results: [...store.pipelines.values()].filter((p) => !p.archived) } };
  });
  router.post(PL, (req) => {
    dealsOnly(req.params.objectType);
    const b = bodyOf(req);
    if (typeof b.label !== "string") return validationError("label is required");
    const now = new Date().toISOString();
    const stages = Array.isArray(b.stages) ? (b.stages as Record<string, unknown>[]).map((s, i) => stageFromBody(s, i)) : [];
    const p: Pipeline = { id: String(nextNumericId++), label: b.label, displayOrder: typeof b.displayOrder === "number" ? b.displayOrder : store.pipelines.size, stages, createdAt: now, updatedAt: now, archived: false };
    store.pipelines.set(p.id, p);
    touch();
    return { status: 201, json: p };
  });
  router.get(`${PL}/:pipelineId`, (req) => {
    dealsOnly(req.params.objectType);
    return { status: 200, json: pipelineOr404(req.params.pipelineId) };
  });
  const updatePipeline = (replace: boolean) => (req: Parameters<Parameters<Router["get"]>[1]>[0]) => {
    dealsOnly(req.params.objectType);
    const p = pipelineOr404(req.params.pipelineId);
    const b = bodyOf(req);
    if (typeof b.label === "string") p.label = b.label;
    if (typeof b.displayOrder === "number") p.displayOrder = b.displayOrder;
    if (replace && Array.isArray(b.stages)) p.stages = (b.stages as Record<string, unknown>[]).map((s, i) => stageFromBody(s, i));
    p.updatedAt = new Date().toISOString();
    touch();
    return { status: 200, json: p };
  };
  router.patch(`${PL}/:pipelineId`, updatePipeline(false));
  router.put(`${PL}/:pipelineId`, updatePipeline(true));
  router.delete(`${PL}/:pipelineId`, (req) => {
    dealsOnly(req.params.objectType);
    const p = pipelineOr404(req.params.pipelineId);
    if (p.id === "default") return validationError("The default pipeline cannot be deleted");
    p.archived = true;
    touch();
    return { status: 204 };
  });

  router.get(`${PL}/:pipelineId/stages`, (req) => {
    dealsOnly(req.params.objectType);
    return { status: 200, json: { results: pipelineOr404(req.params.pipelineId).stages } };
  });
  router.post(`${PL}/:pipelineId/stages`, (req) => {
    dealsOnly(req.params.objectType);
    const p = pipelineOr404(req.params.pipelineId);
    if (p.stages.length >= 100) return validationError("Deal pipelines allow up to 100 stages");
    const s = stageFromBody(bodyOf(req), p.stages.length);
    p.stages.push(s);
    p.stages.sort((a, b) => a.displayOrder - b.displayOrder);
    touch();
    return { status: 201, json: s };
  });
  const stageOr404 = (p: Pipeline, id: string | undefined): Stage => {
    const s = p.stages.find((x) => x.id === id);
    if (!s) throw new SandboxHttpError(notFound(`Stage ${id ?? ""} not found`));
    return s;
  };
  router.get(`${PL}/:pipelineId/stages/:stageId`, (req) => {
    dealsOnly(req.params.objectType);
    return { status: 200, json: stageOr404(pipelineOr404(req.params.pipelineId), req.params.stageId) };
  });
  const updateStage = (req: Parameters<Parameters<Router["get"]>[1]>[0]) => {
    dealsOnly(req.params.objectType);
    const s = stageOr404(pipelineOr404(req.params.pipelineId), req.params.stageId);
    const b = bodyOf(req);
    if (typeof b.label === "string") s.label = b.label;
    if (typeof b.displayOrder === "number") s.displayOrder = b.displayOrder;
    const md = b.metadata as Record<string, unknown> | undefined;
    if (md?.probability !== undefined) {
      const n = Number(md.probability);
      s.metadata.probability = n.toFixed(1);
      s.metadata.isClosed = String(n === 0 || n === 1);
    }
    s.updatedAt = new Date().toISOString();
    touch();
    return { status: 200, json: s };
  };
  router.patch(`${PL}/:pipelineId/stages/:stageId`, updateStage);
  router.put(`${PL}/:pipelineId/stages/:stageId`, updateStage);
  router.delete(`${PL}/:pipelineId/stages/:stageId`, (req) => {
    dealsOnly(req.params.objectType);
    const p = pipelineOr404(req.params.pipelineId);
    stageOr404(p, req.params.stageId);
    p.stages = p.stages.filter((s) => s.id !== req.params.stageId);
    touch();
    return { status: 204 };
  });

  // ---- owners (the SDK calls the list with a trailing slash; the router accepts both) ----
  router.get("/crm/v3/owners/", (req) => {
    const email = req.query.get("email");
    const limit = Math.min(Math.max(Number(req.query.get("limit") ?? 100) || 100, 1), 500);
    const after = Number(req.query.get("after") ?? 0) || 0;
    const archived = req.query.get("archived") === "true";
    const list = store.owners.filter((o) => o.archived === archived && (!email || o.email.toLowerCase() === email.toLowerCase()));
    const page = list.slice(after, after + limit);
    const body: Record<string, unknown> = { results: page };
    if (after + limit < list.length) body.paging = { next: { after: String(after + limit), link: `${req.url.origin}/crm/v3/owners/?after=${after + limit}` } };
    return { status: 200, json: body };
  });
  router.get("/crm/v3/owners/:ownerId", (req) => {
    const byUser = req.query.get("idProperty") === "userId";
    const id = req.params.ownerId ?? "";
    const o = store.owners.find((x) => (byUser ? String(x.userId) === id : x.id === id));
    return o ? { status: 200, json: o } : notFound(`Owner ${id} not found`);
  });
}

/**
 * In-memory HubSpot portal: records, unique-value indexes, property definitions, pipelines, owners, associations,
 * and every mutation the API and control routes perform. Mutations emit `ChangeEvent`s (consumed by webhooks.ts).
 *
 * Performance notes: records live in a Map by id plus an id-ordered array per type (ids are allocated increasing,
 * so appends keep it sorted and list paging is a binary search). Associations are keyed by
 * "fromType|fromId|toType" → Map<toId, Set<typeId>> so a batch read is O(ids). `version` per type lets search
 * cache its sorted result lists between pages.
 */
import {
  ASSOCIATION_TYPES, OBJECT_TYPES, STAGE_PROPERTY_PREFIXES, TAX_RATE_GROUPS, builtinProperties,
  type ObjectTypeName, type PropertyDef, type PropertyGroupDef,
} from "./schema";

export type HsRecord = {
  id: string;
  n: number;
  type: ObjectTypeName;
  props: Record<string, string>;
  createdAt: number;
  updatedAt: number;
  archived: boolean;
  archivedAt: number | null;
  /** Bumped on every mutation; keys the serialised-JSON memo (timestamps can repeat within a millisecond). */
  v: number;
};

export type TypeStore = {
  byId: Map<string, HsRecord>;
  order: HsRecord[];
  nextN: number;
  version: number;
  live: number;
  /** merged id → surviving id (HubSpot answers reads of a merged-away id with the primary record). */
  aliases: Map<string, string>;
  unique: Map<string, Map<string, HsRecord>>;
  props: Map<string, PropertyDef>;
  groups: Map<string, PropertyGroupDef>;
};

export type Stage = {
  id: string; label: string; displayOrder: number; metadata: Record<string, string>;
  createdAt: string; updatedAt: string; archived: boolean; writePermissions: "CRM_PERMISSIONS_ENFORCEMENT";
};
export type Pipeline = {
  id: string; label: string; displayOrder: number; stages: Stage[]; createdAt: string; updatedAt: string; archived: boolean;
};
export type Owner = {
  id: string; email: string; firstName: string; lastName: string; userId: number; userIdIncludingInactive: number;
  type: "PERSON"; createdAt: string; updatedAt: string; archived: boolean; teams: { id: string; name: string; primary: boolean }[];
};

export type ChangeSource = "API" | "CRM_UI" | "INTEGRATION" | "IMPORT";

export type ChangeEvent =
  | { kind: "creation" | "deletion" | "restore"; type: ObjectTypeName; objectId: string; source: ChangeSource; at: number }
  | { kind: "propertyChange"; type: ObjectTypeName; objectId: string; propertyName: string; propertyValue: string; source: ChangeSource; at: number }
  | { kind: "merge"; type: ObjectTypeName; objectId: string; primaryObjectId: string; mergedObjectIds: string[]; numberOfPropertiesMoved: number; source: ChangeSource; at: number }
  | { kind: "associationChange"; type: ObjectTypeName; objectId: string; toType: ObjectTypeName; fromObjectId: string; toObjectId: string; typeId: number; removed: boolean; primary: boolean; source: ChangeSource; at: number };

export type PropertyValidationError = { isValid: false; message: string; error: string; name: string };

export class ValidationError extends Error {
  constructor(readonly errors: PropertyValidationError[], message?: string) {
    super(message ?? `Property values were not valid: ${JSON.stringify(errors)}`);
  }
}

const TYPES = Object.keys(OBJECT_TYPES) as ObjectTypeName[];

export class HubSpotStore {
  types = {} as Record<ObjectTypeName, TypeStore>;
  /** "fromType|fromId|toType" → toId → association type ids (tiny arrays: far lighter than Sets at 10^5–10^6 links). */
  assoc = new Map<string, Map<string, number[]>>();
  assocCount = 0;
  pipelines = new Map<string, Pipeline>();
  owners: Owner[] = [];
  listeners: ((e: ChangeEvent) => void)[] = [];
  /**
   * Non-decreasing clock. Writes in the same millisecond share a timestamp, as in HubSpot, so the app's
   * "GTE cursor − overlap" + dedupe-by-id sync must (and does) cope; stamps never run ahead of the wall clock.
   */
  private lastTs = 0;

  constructor() {
    this.reset();
  }

  now(): number {
    const t = Date.now();
    if (t > this.lastTs) this.lastTs = t;
    return this.lastTs;
  }

  reset(): void {
    for (const t of TYPES) {
      const { groups, props } = builtinProperties(t);
      this.types[t] = {
        byId: new Map(), order: [], nextN: OBJECT_TYPES[t].idBase + 1, version: 0, live: 0, aliases: new Map(),
        unique: new Map(), props: new Map(props.map((p) => [p.name, p])), groups: new Map(groups.map((g) => [g.name, g])),
      };
    }
    this.assoc.clear();
    this.assocCount = 0;
    this.pipelines = defaultPipelines();
    this.owners = [];
    this.syncOwnerOptions();
    this.syncPipelineOptions();
  }

  emit(e: ChangeEvent): void {
    for (const l of this.listeners) l(e);
  }

  // ---- lookup ----------------------------------------------------------------------------------------------------

  get(type: ObjectTypeName, id: string, includeArchived = false): HsRecord | undefined {
    const ts = this.types[type];
    let rec = ts.byId.get(id);
    if (!rec || rec.archived) {
      const alias = ts.aliases.get(id);
      if (alias) rec = ts.byId.get(alias);
    }
    if (!rec || (rec.archived && !includeArchived)) return undefined;
    return rec;
  }

  /** Find by a unique property (idProperty) or by id when idProperty is absent / hs_object_id. */
  find(type: ObjectTypeName, id: string, idProperty?: string | null, includeArchived = false): HsRecord | undefined {
    if (!idProperty || idProperty === "hs_object_id") return this.get(type, id, includeArchived);
    const rec = this.types[type].unique.get(idProperty)?.get(id);
    if (!rec || (rec.archived && !includeArchived)) return undefined;
    return rec;
  }

  isUniqueProperty(type: ObjectTypeName, name: string): boolean {
    return name === "hs_object_id" || !!this.types[type].props.get(name)?.hasUniqueValue;
  }

  // ---- property normalisation ------------------------------------------------------------------------------------

  knownProperty(type: ObjectTypeName, name: string): PropertyDef | undefined {
    const p = this.types[type].props.get(name);
    if (p) return p;
    if (type === "deals" && STAGE_PROPERTY_PREFIXES.some((pre) => name.startsWith(pre))) {
      return { ...this.types.deals.props.get("hs_lastmodifieddate")!, name, label: name, readOnly: true };
    }
    return undefined;
  }

  /** Validate and normalise input values the way HubSpot stores them (strings; dates as ISO / YYYY-MM-DD). */
  normalize(type: ObjectTypeName, input: Record<string, unknown>): Record<string, string | null> {
    const out: Record<string, string | null> = {};
    const errors: PropertyValidationError[] = [];
    for (const [name, raw] of Object.entries(input)) {
      const def = this.knownProperty(type, name);
      if (!def) {
        errors.push({ isValid: false, message: `Property "${name}" does not exist`, error: "PROPERTY_DOESNT_EXIST", name });
        continue;
      }
      if (def.readOnly) continue; // HubSpot ignores writes to calculated / system properties.
      if (raw === null || raw === undefined || raw === "") {
        out[name] = null;
        continue;
      }
      const value = typeof raw === "string" ? raw : typeof raw === "number" || typeof raw === "boolean" ? String(raw) : JSON.stringify(raw);
      switch (def.type) {
        case "number": {
          const n = Number(value);
          if (!Number.isFinite(n) || value.trim() === "") {
            errors.push({ isValid: false, message: `${value} was not a valid number.`, error: "INVALID_FLOAT", name });
          } else out[name] = value.trim();
          break;
        }
        case "datetime":
        case "date": {
          const ms = /^-?\d+$/.test(value) ? Number(value) : Date.parse(value);
          if (!Number.isFinite(ms)) {
            errors.push({ isValid: false, message: `${value} was not a valid date.`, error: "INVALID_DATE", name });
            break;
          }
          if (def.type === "date") {
            if (ms % 86_400_000 !== 0) {
              // api-hubspot.md §2: "A date property must be midnight UTC".
              errors.push({ isValid: false, message: `${value} is at ${new Date(ms).toISOString()} UTC, not midnight!`, error: "INVALID_DATE", name });
            } else out[name] = new Date(ms).toISOString().slice(0, 10);
          } else out[name] = new Date(ms).toISOString();
          break;
        }
        case "bool":
          if (!["true", "false"].includes(value.toLowerCase())) {
            errors.push({ isValid: false, message: `${value} was not a valid boolean.`, error: "INVALID_BOOLEAN", name });
          } else out[name] = value.toLowerCase();
          break;
        case "enumeration":
          if (def.options.length > 0 && def.fieldType !== "checkbox" && !def.options.some((o) => o.value === value)) {
            errors.push({ isValid: false, message: `${value} was not one of the allowed options: [${def.options.map((o) => o.value).join(", ")}]`, error: "INVALID_OPTION", name });
          } else out[name] = value;
          break;
        default:
          out[name] = value;
      }
    }
    if (errors.length) throw new ValidationError(errors);
    return out;
  }

  private checkUnique(type: ObjectTypeName, values: Record<string, string | null>, self: HsRecord | null): void {
    const ts = this.types[type];
    for (const [name, v] of Object.entries(values)) {
      if (v === null || !ts.props.get(name)?.hasUniqueValue) continue;
      const other = ts.unique.get(name)?.get(v);
      if (other && other !== self && !other.archived) {
        throw new ValidationError(
          [{ isValid: false, message: `${v} already has that value.`, error: "INVALID_PROPERTY_VALUE_NOT_UNIQUE", name }],
          `Property values were not valid: [{"isValid":false,"message":"${v} already has that value.","error":"INVALID_PROPERTY_VALUE_NOT_UNIQUE","name":"${name}"}]`,
        );
      }
    }
  }

  private indexUnique(rec: HsRecord, name: string, oldValue: string | undefined, newValue: string | null): void {
    const ts = this.types[rec.type];
    if (!ts.props.get(name)?.hasUniqueValue) return;
    let idx = ts.unique.get(name);
    if (!idx) ts.unique.set(name, (idx = new Map()));
    if (oldValue !== undefined && idx.get(oldValue) === rec) idx.delete(oldValue);
    if (newValue !== null) idx.set(newValue, rec);
  }

  // ---- writes ----------------------------------------------------------------------------------------------------

  /** Create a record. `values` must come from normalize(); derived properties are filled here. */
  create(type: ObjectTypeName, values: Record<string, string | null>, source: ChangeSource, at = this.now(), createdAt = at): HsRecord {
    const ts = this.types[type];
    this.checkUnique(type, values, null);
    this.validateTypeRules(type, values, null);
    const n = ts.nextN++;
    const id = String(n);
    const props: Record<string, string> = {};
    for (const [k, v] of Object.entries(values)) if (v !== null) props[k] = v;
    const rec: HsRecord = { id, n, type, props, createdAt, updatedAt: at, archived: false, archivedAt: null, v: 0 };
    props.hs_object_id = id;
    const created = new Date(createdAt).toISOString();
    props.createdate = created;
    props.hs_createdate = created;
    this.derive(rec, null, at);
    props.hs_lastmodifieddate = new Date(at).toISOString();
    if (type === "contacts") props.lastmodifieddate = props.hs_lastmodifieddate;
    ts.byId.set(id, rec);
    ts.order.push(rec);
    ts.live++;
    ts.version++;
    for (const [k, v] of Object.entries(props)) this.indexUnique(rec, k, undefined, v);
    this.emit({ kind: "creation", type, objectId: id, source, at });
    return rec;
  }

  update(rec: HsRecord, values: Record<string, string | null>, source: ChangeSource, at = this.now()): HsRecord {
    this.checkUnique(rec.type, values, rec);
    this.validateTypeRules(rec.type, values, rec);
    const before = { ...rec.props };
    for (const [k, v] of Object.entries(values)) {
      const old = rec.props[k];
      if (v === null) delete rec.props[k];
      else rec.props[k] = v;
      this.indexUnique(rec, k, old, v);
    }
    this.derive(rec, before, at);
    const changed = Object.keys(rec.props).filter((k) => rec.props[k] !== before[k]).concat(
      Object.keys(before).filter((k) => !(k in rec.props)),
    );
    // HubSpot bumps hs_lastmodifieddate on every accepted update, even when no value changed.
    rec.updatedAt = at;
    rec.v++;
    rec.props.hs_lastmodifieddate = new Date(at).toISOString();
    if (rec.type === "contacts") rec.props.lastmodifieddate = rec.props.hs_lastmodifieddate;
    this.types[rec.type].version++;
    for (const name of changed) {
      if (name === "hs_lastmodifieddate" || name === "lastmodifieddate") continue;
      this.emit({ kind: "propertyChange", type: rec.type, objectId: rec.id, propertyName: name, propertyValue: rec.props[name] ?? "", source, at });
    }
    return rec;
  }

  archive(rec: HsRecord, source: ChangeSource, at = this.now(), emit = true): void {
    if (rec.archived) return;
    rec.archived = true;
    rec.archivedAt = at;
    rec.updatedAt = at;
    rec.v++;
    const ts = this.types[rec.type];
    ts.live--;
    ts.version++;
    for (const [name, idx] of ts.unique) {
      const v = rec.props[name];
      if (v !== undefined && idx.get(v) === rec) idx.delete(v);
    }
    // Archiving removes the record's associations (they reappear only on restore in HubSpot; we drop them).
    for (const toType of TYPES) {
      const links = this.assoc.get(`${rec.type}|${rec.id}|${toType}`);
      if (!links) continue;
      for (const toId of [...links.keys()]) this.disassociate(rec.type, rec.id, toType, toId, null, source, false);
    }
    if (emit) this.emit({ kind: "deletion", type: rec.type, objectId: rec.id, source, at });
  }

  merge(primary: HsRecord, merged: HsRecord, source: ChangeSource): HsRecord {
    const at = this.now();
    const ts = this.types[primary.type];
    // Properties the primary lacks are copied from the merged record (HubSpot keeps the primary's values).
    const moved: Record<string, string> = {};
    for (const [k, v] of Object.entries(merged.props)) {
      const def = this.knownProperty(primary.type, k);
      if (!def || def.readOnly || def.hasUniqueValue) continue;
      if (primary.props[k] === undefined) moved[k] = v;
    }
    const toMove: [ObjectTypeName, string, number[]][] = [];
    for (const toType of TYPES) {
      const links = this.assoc.get(`${merged.type}|${merged.id}|${toType}`);
      if (links) for (const [toId, set] of links) toMove.push([toType, toId, [...set]]);
    }
    this.archive(merged, source, at, false);
    ts.aliases.set(merged.id, primary.id);
    for (const [alias, target] of ts.aliases) if (target === merged.id) ts.aliases.set(alias, primary.id);
    for (const [toType, toId, typeIds] of toMove) this.associate(primary.type, primary.id, toType, toId, typeIds, source, false);
    const mergedIds = [...(primary.props.hs_merged_object_ids?.split(";").filter(Boolean) ?? []), merged.id];
    this.update(primary, moved, source, at);
    primary.props.hs_merged_object_ids = mergedIds.join(";");
    primary.v++;
    this.emit({
      kind: "merge", type: primary.type, objectId: primary.id, primaryObjectId: primary.id, mergedObjectIds: [merged.id],
      numberOfPropertiesMoved: Object.keys(moved).length, source, at,
    });
    return primary;
  }

  /** Type-specific rules HubSpot enforces on writes. */
  private validateTypeRules(type: ObjectTypeName, values: Record<string, string | null>, existing: HsRecord | null): void {
    if (type === "deals") {
      const pipelineId = values.pipeline ?? existing?.props.pipeline ?? "default";
      const pipeline = this.pipelines.get(pipelineId);
      if (!pipeline) {
        throw new ValidationError([{ isValid: false, message: `${pipelineId} was not one of the allowed options`, error: "INVALID_OPTION", name: "pipeline" }]);
      }
      const stage = values.dealstage ?? (values.pipeline !== undefined ? null : existing?.props.dealstage);
      if (stage && !pipeline.stages.some((s) => s.id === stage)) {
        throw new ValidationError([{ isValid: false, message: `${stage} is not a valid stage for pipeline ${pipelineId}`, error: "INVALID_OPTION", name: "dealstage" }]);
      }
    }
    if (type === "tasks" && !existing && !values.hs_timestamp) {
      throw new ValidationError([{ isValid: false, message: "hs_timestamp is required", error: "REQUIRED_FIELD", name: "hs_timestamp" }]);
    }
    if (type === "line_items") {
      for (const k of ["price", "quantity"] as const) {
        const v = values[k];
        if (k === "price" && v && Number(v) < 0) {
          throw new ValidationError([{ isValid: false, message: "price cannot be negative", error: "INVALID_FLOAT", name: k }]);
        }
      }
      const product = values.hs_product_id;
      if (product && !this.get("products", product)) {
        throw new ValidationError([{ isValid: false, message: `Product ${product} does not exist`, error: "INVALID_OBJECT_ID", name: "hs_product_id" }]);
      }
    }
  }

  /** Derived properties: deal stage bookkeeping, line-item amounts and tax, task defaults. */
  private derive(rec: HsRecord, before: Record<string, string> | null, at: number): void {
    const p = rec.props;
    const iso = new Date(at).toISOString();
    if (rec.type === "deals") {
      if (!p.pipeline) p.pipeline = "default";
      const pipeline = this.pipelines.get(p.pipeline);
      if (!p.dealstage && pipeline?.stages[0]) p.dealstage = pipeline.stages[0].id;
      const stageChanged = !before || before.dealstage !== p.dealstage || before.pipeline !== p.pipeline;
      if (stageChanged && p.dealstage) {
        if (before?.dealstage) {
          p[`hs_date_exited_${before.dealstage}`] = iso;
          p[`hs_v2_date_exited_${before.dealstage}`] = iso;
        }
        p[`hs_date_entered_${p.dealstage}`] = iso;
        p[`hs_v2_date_entered_${p.dealstage}`] = iso;
      }
      const stage = pipeline?.stages.find((s) => s.id === p.dealstage);
      if (stage) {
        const prob = stage.metadata.probability ?? "0";
        p.hs_deal_stage_probability = prob;
        p.hs_is_closed = stage.metadata.isClosed === "true" ? "true" : "false";
        p.hs_is_closed_won = Number(prob) === 1 ? "true" : "false";
        if (p.hs_is_closed_won === "true" && p.amount) p.hs_closed_amount = p.amount;
        else p.hs_closed_amount = "0";
      }
    } else if (rec.type === "line_items") {
      const productId = p.hs_product_id;
      if (productId && (!before || before.hs_product_id !== productId)) {
        const product = this.get("products", productId);
        if (product) {
          for (const k of ["name", "price", "hs_sku", "description", "hs_tax_rate_group_id"]) {
            if (p[k] === undefined && product.props[k] !== undefined) p[k] = product.props[k] as string;
          }
        }
      }
      const qty = Number(p.quantity ?? "1");
      const price = Number(p.price ?? "0");
      let net = qty * price;
      if (p.discount) net -= qty * Number(p.discount);
      else if (p.hs_discount_percentage) net -= (net * Number(p.hs_discount_percentage)) / 100;
      p.amount = formatNumber(net);
      const group = p.hs_tax_rate_group_id ? TAX_RATE_GROUPS[p.hs_tax_rate_group_id] : undefined;
      if (group) {
        p.hs_tax_rate = String(group.rate);
        p.hs_tax_amount = formatNumber(Math.floor((net * group.rate) / 100));
      } else {
        delete p.hs_tax_rate;
        delete p.hs_tax_amount;
      }
    } else if (rec.type === "tasks") {
      if (!p.hs_task_status) p.hs_task_status = "NOT_STARTED";
      if (p.hs_task_status === "COMPLETED" && before?.hs_task_status !== "COMPLETED") p.hs_task_completion_date = iso;
    }
  }

  // ---- associations ----------------------------------------------------------------------------------------------

  links(fromType: ObjectTypeName, fromId: string, toType: ObjectTypeName): Map<string, number[]> | undefined {
    return this.assoc.get(`${fromType}|${fromId}|${toType}`);
  }

  /** Add association types (both directions). Returns true if anything was added. */
  associate(fromType: ObjectTypeName, fromId: string, toType: ObjectTypeName, toId: string, typeIds: number[], source: ChangeSource, emit = true): boolean {
    let added = false;
    const at = this.now();
    for (const typeId of typeIds) {
      const def = ASSOCIATION_TYPES.get(typeId);
      if (!def) continue;
      if (def.primary && def.from === "deals" && def.to === "companies") {
        // A deal has one primary company: moving the label removes it from the previous one.
        const current = this.links(fromType, fromId, toType);
        if (current) for (const [other, set] of current) if (other !== toId && set.includes(typeId)) this.disassociate(fromType, fromId, toType, other, [typeId], source, emit);
      }
      if (this.addEdge(fromType, fromId, toType, toId, typeId)) {
        this.addEdge(toType, toId, fromType, fromId, def.inverse);
        added = true;
        if (emit) this.emitAssoc(fromType, fromId, toType, toId, typeId, false, source, at);
      }
    }
    if (added) this.touchAssocVersion(fromType, toType);
    return added;
  }

  /** Remove the given types (all when null). */
  disassociate(fromType: ObjectTypeName, fromId: string, toType: ObjectTypeName, toId: string, typeIds: number[] | null, source: ChangeSource, emit = true): boolean {
    const set = this.links(fromType, fromId, toType)?.get(toId);
    if (!set) return false;
    const at = this.now();
    const remove = typeIds ?? [...set];
    let removed = false;
    for (const typeId of remove) {
      if (!set.includes(typeId)) continue;
      const def = ASSOCIATION_TYPES.get(typeId);
      this.removeEdge(fromType, fromId, toType, toId, typeId);
      if (def) this.removeEdge(toType, toId, fromType, fromId, def.inverse);
      removed = true;
      if (emit) this.emitAssoc(fromType, fromId, toType, toId, typeId, true, source, at);
    }
    if (removed) this.touchAssocVersion(fromType, toType);
    return removed;
  }

  private touchAssocVersion(a: ObjectTypeName, b: ObjectTypeName): void {
    // Search on `associations.<type>` pseudo-properties caches per type version.
    this.types[a].version++;
    this.types[b].version++;
  }

  private emitAssoc(fromType: ObjectTypeName, fromId: string, toType: ObjectTypeName, toId: string, typeId: number, removed: boolean, source: ChangeSource, at: number) {
    const def = ASSOCIATION_TYPES.get(typeId);
    const primary = !!def?.primary;
    this.emit({ kind: "associationChange", type: fromType, objectId: fromId, toType, fromObjectId: fromId, toObjectId: toId, typeId, removed, primary, source, at });
    if (def) this.emit({ kind: "associationChange", type: toType, objectId: toId, toType: fromType, fromObjectId: toId, toObjectId: fromId, typeId: def.inverse, removed, primary, source, at });
  }

  addEdge(fromType: ObjectTypeName, fromId: string, toType: ObjectTypeName, toId: string, typeId: number): boolean {
    const key = `${fromType}|${fromId}|${toType}`;
    let m = this.assoc.get(key);
    if (!m) this.assoc.set(key, (m = new Map()));
    let set = m.get(toId);
    if (!set) m.set(toId, (set = []));
    if (set.includes(typeId)) return false;
    set.push(typeId);
    this.assocCount++;
    return true;
  }

  private removeEdge(fromType: ObjectTypeName, fromId: string, toType: ObjectTypeName, toId: string, typeId: number): void {
    const key = `${fromType}|${fromId}|${toType}`;
    const m = this.assoc.get(key);
    const set = m?.get(toId);
    const at = set ? set.indexOf(typeId) : -1;
    if (!m || !set || at < 0) return;
    set.splice(at, 1);
    this.assocCount--;
    if (set.length === 0) m.delete(toId);
    if (m.size === 0) this.assoc.delete(key);
  }

  // ---- owners / pipelines ------------------------------------------------------------------------------------------

  syncOwnerOptions(): void {
    const options = this.owners.map((o, i) => ({ label: `${o.lastName} ${o.firstName}`, value: o.id, displayOrder: i, hidden: false }));
    for (const t of TYPES) {
      const p = this.types[t].props.get("hubspot_owner_id");
      if (p) p.options = options;
    }
  }

  syncPipelineOptions(): void {
    const deals = this.types.deals.props;
    const pipelines = [...this.pipelines.values()].filter((p) => !p.archived);
    const pipelineProp = deals.get("pipeline");
    if (pipelineProp) pipelineProp.options = pipelines.map((p, i) => ({ label: p.label, value: p.id, displayOrder: i, hidden: false }));
    const stageProp = deals.get("dealstage");
    if (stageProp) {
      // Stage validity depends on the pipeline, which validateTypeRules checks; keep the option list for readers.
      stageProp.options = pipelines.flatMap((p) => p.stages.map((s) => ({ label: `${s.label} (${p.label})`, value: s.id, displayOrder: s.displayOrder, hidden: false })));
      stageProp.fieldType = "radio";
    }
  }

  counts(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const t of TYPES) out[t] = this.types[t].live;
    out.owners = this.owners.length;
    out.pipelines = this.pipelines.size;
    out.associations = this.assocCount / 2;
    return out;
  }
}

function formatNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Math.round(n * 100) / 100);
}

export function stage(id: string, label: string, displayOrder: number, probability: string, isClosed: boolean): Stage {
  return {
    id, label, displayOrder, metadata: { isClosed: String(isClosed), probability },
    createdAt: "2020-01-01T00:00:00Z", updatedAt: "2020-01-01T00:00:00Z", archived: false, writePermissions: "CRM_PERMISSIONS_ENFORCEMENT",
  };
}

/**
 * The default sales pipeline with HubSpot's built-in stage ids (api-hubspot.md §4: `default`, `closedwon`/`closedlost`
 * seen in practice), plus a custom pipeline whose stage ids are numeric strings as HubSpot assigns them (§4 example
 * "11348542"), including its own won and lost stages — so won detection must use metadata, not ids.
 */
export function defaultPipelines(): Map<string, Pipeline> {
  const t = "2020-01-01T00:00:00Z";
  const sales: Pipeline = {
    id: "default", label: "Sales Pipeline", displayOrder: 0, createdAt: t, updatedAt: t, archived: false,
    stages: [
      stage("appointmentscheduled", "Appointment Scheduled", 0, "0.2", false),
      stage("qualifiedtobuy", "Qualified To Buy", 1, "0.4", false),
      stage("presentationscheduled", "Presentation Scheduled", 2, "0.6", false),
      stage("decisionmakerboughtin", "Decision Maker Bought-In", 3, "0.8", false),
      stage("contractsent", "Contract Sent", 4, "0.9", false),
      stage("closedwon", "Closed Won", 5, "1.0", true),
      stage("closedlost", "Closed Lost", 6, "0.0", true),
    ],
  };
  const custom: Pipeline = {
    id: "75318642", label: "保守・サブスク契約", displayOrder: 1, createdAt: t, updatedAt: t, archived: false,
    stages: [
      stage("11348540", "見積提出", 0, "0.3", false),
      stage("11348541", "稟議中", 1, "0.6", false),
      stage("11348542", "受注", 2, "1.0", true),
      stage("11348543", "失注", 3, "0.0", true),
      stage("11348544", "請求済", 4, "1.0", true),
    ],
  };
  return new Map([
    [sales.id, sales],
    [custom.id, custom],
  ]);
}

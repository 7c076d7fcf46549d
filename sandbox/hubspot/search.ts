/**
 * CRM search (api-hubspot.md §3): filterGroups (OR) of filters (AND), operators EQ NEQ LT LTE GT GTE BETWEEN IN
 * NOT_IN HAS_PROPERTY NOT_HAS_PROPERTY CONTAINS_TOKEN NOT_CONTAINS_TOKEN, `associations.<type>` pseudo-properties,
 * free-text `query`, one sort, limit ≤ 200, offset-like `after`, 10,000-result cap (paging beyond → 400),
 * ≤ 5 groups × 6 filters / 18 total, body ≤ 3,000 characters. Archived records never appear.
 * Sorted result lists are cached per (type, filters, sorts, query) and store version, so paging through 10,000
 * results costs one scan, not fifty.
 */
import { resolveObjectType, OBJECT_TYPES, type ObjectTypeName } from "./schema";
import type { HubSpotStore, HsRecord } from "./store";

export type SearchFilter = { propertyName?: unknown; operator?: unknown; value?: unknown; values?: unknown; highValue?: unknown };
export type SearchBody = {
  filterGroups?: { filters?: SearchFilter[] }[];
  filters?: SearchFilter[];
  sorts?: (string | { propertyName?: string; direction?: string })[];
  query?: string;
  properties?: string[];
  limit?: number;
  after?: string | number;
};

export class SearchValidationError extends Error {}

const OPERATORS = new Set(["EQ", "NEQ", "LT", "LTE", "GT", "GTE", "BETWEEN", "IN", "NOT_IN", "HAS_PROPERTY", "NOT_HAS_PROPERTY", "CONTAINS_TOKEN", "NOT_CONTAINS_TOKEN"]);
export const SEARCH_RESULT_CAP = 10_000;

type Compiled = (rec: HsRecord) => boolean;

export class SearchEngine {
  private cache = new Map<string, { version: number; records: HsRecord[] }>();

  constructor(private store: HubSpotStore) {}

  clear(): void {
    this.cache.clear();
  }

  run(type: ObjectTypeName, body: SearchBody, rawLength: number): { total: number; results: HsRecord[]; nextAfter: string | null; limit: number } {
    if (rawLength > 3000) throw new SearchValidationError("Search request body exceeds 3000 characters.");
    const limit = body.limit === undefined ? 10 : Number(body.limit);
    if (!Number.isInteger(limit) || limit < 0 || limit > 200) throw new SearchValidationError(`limit must be between 0 and 200, got ${String(body.limit)}`);
    const after = body.after === undefined || body.after === "" ? 0 : Number(body.after);
    if (!Number.isInteger(after) || after < 0) throw new SearchValidationError(`after must be an integer, got ${String(body.after)}`);
    if (after >= SEARCH_RESULT_CAP || after + limit > SEARCH_RESULT_CAP) {
      throw new SearchValidationError(`Paging beyond ${SEARCH_RESULT_CAP} results is not supported (after=${after}, limit=${limit}).`);
    }
    const groups = body.filterGroups ?? (body.filters ? [{ filters: body.filters }] : []);
    if (groups.length > 5) throw new SearchValidationError("Too many filter groups: at most 5 are allowed.");
    let total = 0;
    for (const g of groups) {
      const n = g.filters?.length ?? 0;
      if (n > 6) throw new SearchValidationError("Too many filters in a filter group: at most 6 are allowed.");
      total += n;
    }
    if (total > 18) throw new SearchValidationError("Too many filters: at most 18 are allowed in total.");
    if ((body.sorts?.length ?? 0) > 1) throw new SearchValidationError("Only one sort is supported.");

    const key = `${type}|${JSON.stringify([groups, body.sorts ?? [], body.query ?? ""])}`;
    const version = this.store.types[type].version;
    let cached = this.cache.get(key);
    if (!cached || cached.version !== version) {
      cached = { version, records: this.evaluate(type, groups, body.sorts ?? [], body.query) };
      this.cache.set(key, cached);
      if (this.cache.size > 32) this.cache.delete(this.cache.keys().next().value as string);
    }
    const results = cached.records.slice(after, after + limit);
    const next = after + limit;
    const nextAfter = limit > 0 && next < cached.records.length ? String(next) : null;
    return { total: cached.records.length, results, nextAfter, limit };
  }

  private evaluate(type: ObjectTypeName, groups: { filters?: SearchFilter[] }[], sorts: SearchBody["sorts"] & object, query?: string): HsRecord[] {
    const compiledGroups = groups.map((g) => (g.filters ?? []).map((f) => this.compile(type, f)));
    const q = query?.trim().toLowerCase();
    const qProps = OBJECT_TYPES[type].queryProperties;
    const out: HsRecord[] = [];
    for (const rec of this.store.types[type].order) {
      if (rec.archived) continue;
      if (compiledGroups.length > 0 && !compiledGroups.some((fs) => fs.every((f) => f(rec)))) continue;
      if (q && !qProps.some((p) => rec.props[p]?.toLowerCase().includes(q))) continue;
      out.push(rec);
    }
    const sort = sorts[0];
    if (sort) {
      const prop = typeof sort === "string" ? sort.replace(/^-/, "") : sort.propertyName ?? "hs_object_id";
      const desc = typeof sort === "string" ? sort.startsWith("-") : (sort.direction ?? "ASCENDING").toUpperCase().startsWith("DESC");
      const numeric = this.isNumeric(type, prop);
      // Decorate-sort-undecorate: compute each key once (Date.parse per comparison was ~2 s for 100k deals).
      // Records without the value sort last, then ties by id so paging is stable.
      const keyed = out.map((r) => {
        const raw = r.props[prop];
        const k = raw === undefined ? undefined : numeric ? numericValue(r, prop, raw) : raw;
        return { r, k: typeof k === "number" && Number.isNaN(k) ? undefined : k };
      });
      keyed.sort((a, b) => {
        const va = a.k;
        const vb = b.k;
        if (va === undefined || vb === undefined) return va === vb ? a.r.n - b.r.n : va === undefined ? 1 : -1;
        const c = va < vb ? -1 : va > vb ? 1 : 0;
        return (desc ? -c : c) || a.r.n - b.r.n;
      });
      for (let i = 0; i < keyed.length; i++) out[i] = (keyed[i] as { r: HsRecord }).r;
    }
    return out;
  }

  private isNumeric(type: ObjectTypeName, prop: string): boolean {
    if (prop === "hs_object_id") return true;
    const def = this.store.knownProperty(type, prop);
    return !!def && (def.type === "number" || def.type === "datetime" || def.type === "date");
  }

  private compile(type: ObjectTypeName, f: SearchFilter): Compiled {
    const prop = typeof f.propertyName === "string" ? f.propertyName : "";
    const op = typeof f.operator === "string" ? f.operator : "EQ";
    if (!OPERATORS.has(op)) throw new SearchValidationError(`Unsupported filter operator: ${op}`);
    if (prop.startsWith("associations.")) {
      const other = resolveObjectType(prop.slice("associations.".length));
      if (!other) throw new SearchValidationError(`Unknown association pseudo-property ${prop}`);
      const value = String(f.value ?? "");
      const values = Array.isArray(f.values) ? f.values.map(String) : [value];
      const has = (rec: HsRecord) => {
        const links = this.store.links(type, rec.id, other);
        return !!links && values.some((v) => links.has(v));
      };
      if (op === "EQ" || op === "IN") return has;
      if (op === "NEQ" || op === "NOT_IN") return (r) => !has(r);
      throw new SearchValidationError(`Operator ${op} is not supported for ${prop}`);
    }
    const def = this.store.knownProperty(type, prop);
    if (!def) throw new SearchValidationError(`Property "${prop}" does not exist on ${type}.`);
    const numeric = this.isNumeric(type, prop);
    const get = (r: HsRecord) => r.props[prop];
    const conv = (v: unknown): number | string => (numeric ? toNumber(String(v)) : String(v));
    // `cmp` receives the record so the hot sync filter (hs_lastmodifieddate GTE …) reads the stored number.
    const cmpRec = (r: HsRecord, b: number | string): number | null => {
      const a = r.props[prop];
      if (a === undefined) return null;
      if (numeric) {
        const n = numericValue(r, prop, a);
        return Number.isNaN(n) ? null : n - (b as number);
      }
      return a < (b as string) ? -1 : a > (b as string) ? 1 : 0;
    };
    // Strings compare case-insensitively for EQ/NEQ; enumerations are case-sensitive (api-hubspot.md §3).
    const eqFold = def.type === "string" || def.type === "phone_number";
    const eq = (a: string | undefined, b: unknown) => {
      if (a === undefined) return false;
      if (numeric) return toNumber(a) === conv(b);
      return eqFold ? a.toLowerCase() === String(b).toLowerCase() : a === String(b);
    };
    const value = f.value;
    switch (op) {
      case "EQ": return (r) => eq(get(r), value);
      case "NEQ": return (r) => !eq(get(r), value);
      case "LT": { const b = conv(value); return (r) => { const c = cmpRec(r, b); return c !== null && c < 0; }; }
      case "LTE": { const b = conv(value); return (r) => { const c = cmpRec(r, b); return c !== null && c <= 0; }; }
      case "GT": { const b = conv(value); return (r) => { const c = cmpRec(r, b); return c !== null && c > 0; }; }
      case "GTE": { const b = conv(value); return (r) => { const c = cmpRec(r, b); return c !== null && c >= 0; }; }
      case "BETWEEN": {
        const lo = conv(value);
        const hi = conv(f.highValue);
        return (r) => { const a = cmpRec(r, lo); const b = cmpRec(r, hi); return a !== null && b !== null && a >= 0 && b <= 0; };
      }
      case "IN":
      case "NOT_IN": {
        const list = Array.isArray(f.values) ? f.values : [];
        const set = new Set(list.map((v) => (numeric ? String(toNumber(String(v))) : String(v))));
        const inSet = (r: HsRecord) => { const v = get(r); return v !== undefined && set.has(numeric ? String(toNumber(v)) : v); };
        return op === "IN" ? inSet : (r) => !inSet(r);
      }
      case "HAS_PROPERTY": return (r) => get(r) !== undefined && get(r) !== "";
      case "NOT_HAS_PROPERTY": return (r) => get(r) === undefined || get(r) === "";
      case "CONTAINS_TOKEN":
      case "NOT_CONTAINS_TOKEN": {
        const needle = String(value ?? "").toLowerCase();
        const re = needle.includes("*") ? new RegExp(`^${needle.split("*").map(escapeRe).join(".*")}$`) : null;
        const contains = (r: HsRecord) => {
          const v = get(r);
          if (v === undefined) return false;
          const tokens = v.toLowerCase().split(/[\s,.;:@/\\-]+/);
          return re ? tokens.some((t) => re.test(t)) || re.test(v.toLowerCase()) : tokens.includes(needle) || v.toLowerCase() === needle;
        };
        return op === "CONTAINS_TOKEN" ? contains : (r) => !contains(r);
      }
    }
    throw new SearchValidationError(`Unsupported filter operator: ${op}`);
  }
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Numeric value of a property for comparisons. The record's own timestamps back createdate / hs_lastmodifieddate
 * (they are kept equal by the store), so the incremental-sync query never parses ISO strings.
 */
function numericValue(r: HsRecord, prop: string, raw: string): number {
  if (prop === "hs_lastmodifieddate" && !r.archived) return r.updatedAt;
  if (prop === "createdate" || prop === "hs_createdate") return r.createdAt;
  return toNumber(raw);
}

/** Numbers, ms timestamps and ISO dates all become comparable numbers. */
export function toNumber(v: string | undefined): number {
  if (v === undefined || v === "") return Number.NaN;
  if (/^-?\d+(\.\d+)?$/.test(v)) return Number(v);
  const t = Date.parse(v);
  return Number.isNaN(t) ? Number.NaN : t;
}

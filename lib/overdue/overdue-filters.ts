import { z } from "zod";
import { AGING_BUCKETS } from "./constants";
import type { OverdueFilters, OverdueSortKey } from "./types";

const SORTS = ["days_late", "amount", "due_date"] as const satisfies readonly OverdueSortKey[];
const emptyToNull = (v: unknown) => (typeof v === "string" && v.trim() === "" ? null : v);
const flag = z.preprocess((v) => v === "1" || v === "true" || v === true, z.boolean());

/** Query-string shape of the overdue list (page URL, list API and CSV export share it). Malformed → the default. */
const overdueQuerySchema = z.object({
  bucket: z.preprocess(emptyToNull, z.enum(AGING_BUCKETS).nullable().catch(null)).default(null),
  owner: z.preprocess(emptyToNull, z.string().max(64).nullable().catch(null)).default(null),
  mine: flag.catch(false).default(false),
  q: z.preprocess(emptyToNull, z.string().trim().max(100).nullable().catch(null)).default(null),
  broken: flag.catch(false).default(false),
  sort: z.enum(SORTS).catch("days_late").default("days_late"),
  dir: z.enum(["asc", "desc"]).catch("desc").default("desc"),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});

export const DEFAULT_OVERDUE_FILTERS: OverdueFilters = { bucket: null, ownerId: null, mine: false, q: null, brokenPromise: false, sort: "days_late", dir: "desc", page: 1 };

export function parseOverdueFilters(params: URLSearchParams | Record<string, string | string[] | undefined>): OverdueFilters {
  const raw: Record<string, string> = {};
  if (params instanceof URLSearchParams) params.forEach((v, k) => (raw[k] = v));
  else for (const [k, v] of Object.entries(params)) if (v !== undefined) raw[k] = Array.isArray(v) ? (v[0] ?? "") : v;
  const p = overdueQuerySchema.parse(raw);
  return { bucket: p.bucket, ownerId: p.owner, mine: p.mine, q: p.q, brokenPromise: p.broken, sort: p.sort, dir: p.dir, page: p.page };
}

/** The inverse of parseOverdueFilters, defaults left out (URLs, query keys, the CSV link). */
export function overdueFiltersToQuery(f: OverdueFilters, options: { page?: boolean } = { page: true }): URLSearchParams {
  const out = new URLSearchParams();
  if (f.bucket) out.set("bucket", f.bucket);
  if (f.ownerId) out.set("owner", f.ownerId);
  if (f.mine) out.set("mine", "1");
  if (f.q) out.set("q", f.q);
  if (f.brokenPromise) out.set("broken", "1");
  if (f.sort !== "days_late") out.set("sort", f.sort);
  if (f.dir !== "desc") out.set("dir", f.dir);
  if (options.page !== false && f.page > 1) out.set("page", String(f.page));
  return out;
}

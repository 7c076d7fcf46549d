import { z } from "zod";
import { todayJst } from "@/lib/format";
import type { BoardFilters, PeriodPreset } from "./types";

const PRESETS = ["this_month", "last_month", "this_quarter", "last_90_days", "this_year", "custom"] as const satisfies readonly PeriodPreset[];
const plainDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const emptyToNull = (v: unknown) => (typeof v === "string" && v.trim() === "" ? null : v);
const yen = z.preprocess((v) => {
  const e = emptyToNull(v);
  return typeof e === "string" ? Number(e.replace(/[,¥\s]/g, "")) : e;
}, z.number().int().nonnegative().max(1e15).nullable().catch(null));

/** Query-string shape of the board filters (URL of the page and of every board API call). */
export const boardQuerySchema = z.object({
  period: z.enum(PRESETS).catch("this_month").default("this_month"),
  from: z.preprocess(emptyToNull, plainDate.nullable().catch(null)).default(null),
  to: z.preprocess(emptyToNull, plainDate.nullable().catch(null)).default(null),
  owner: z.preprocess(emptyToNull, z.string().max(64).nullable()).default(null),
  pipeline: z.preprocess(emptyToNull, z.string().max(64).nullable()).default(null),
  target: z.preprocess(emptyToNull, z.string().max(64).nullable()).default(null),
  min: yen.default(null),
  max: yen.default(null),
  q: z.preprocess(emptyToNull, z.string().trim().max(100).nullable()).default(null),
  mine: z.preprocess((v) => v === "1" || v === "true" || v === true, z.boolean()).default(false),
});

const pad = (n: number) => String(n).padStart(2, "0");
const ymd = (y: number, m: number, d: number) => {
  const date = new Date(Date.UTC(y, m - 1, d));
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
};

/** The paid column's window for a preset, in JST calendar dates (inclusive). */
export function resolvePeriod(preset: PeriodPreset, today: string, custom: { from: string | null; to: string | null } = { from: null, to: null }): { from: string; to: string } {
  const [y, m, d] = today.split("-").map(Number) as [number, number, number];
  switch (preset) {
    case "last_month":
      return { from: ymd(y, m - 1, 1), to: ymd(y, m, 0) };
    case "this_quarter": {
      const q = Math.floor((m - 1) / 3) * 3 + 1;
      return { from: ymd(y, q, 1), to: ymd(y, q + 3, 0) };
    }
    case "last_90_days":
      return { from: ymd(y, m, d - 89), to: today };
    case "this_year":
      return { from: ymd(y, 1, 1), to: ymd(y, 12, 31) };
    case "custom": {
      const from = custom.from ?? ymd(y, m, 1);
      const to = custom.to ?? today;
      return from <= to ? { from, to } : { from: to, to: from };
    }
    default:
      return { from: ymd(y, m, 1), to: ymd(y, m + 1, 0) };
  }
}

/** Parses untrusted query parameters into filters; anything malformed falls back to its default. */
export function parseBoardFilters(params: URLSearchParams | Record<string, string | string[] | undefined>, today: string = todayJst()): BoardFilters {
  const raw: Record<string, string> = {};
  if (params instanceof URLSearchParams) params.forEach((v, k) => (raw[k] = v));
  else for (const [k, v] of Object.entries(params)) if (v !== undefined) raw[k] = Array.isArray(v) ? (v[0] ?? "") : v;
  const p = boardQuerySchema.parse(raw);
  const { from, to } = resolvePeriod(p.period, today, { from: p.from, to: p.to });
  const [minAmount, maxAmount] = p.min !== null && p.max !== null && p.min > p.max ? [p.max, p.min] : [p.min, p.max];
  return { period: p.period, from, to, ownerId: p.owner, pipelineId: p.pipeline, target: p.target, minAmount, maxAmount, q: p.q, mine: p.mine };
}

/** The inverse of parseBoardFilters, for URLs and query keys (defaults left out). */
export function boardFiltersToQuery(f: BoardFilters): URLSearchParams {
  const out = new URLSearchParams();
  if (f.period !== "this_month") out.set("period", f.period);
  if (f.period === "custom") {
    out.set("from", f.from);
    out.set("to", f.to);
  }
  if (f.ownerId) out.set("owner", f.ownerId);
  if (f.pipelineId) out.set("pipeline", f.pipelineId);
  if (f.target) out.set("target", f.target);
  if (f.minAmount !== null) out.set("min", String(f.minAmount));
  if (f.maxAmount !== null) out.set("max", String(f.maxAmount));
  if (f.q) out.set("q", f.q);
  if (f.mine) out.set("mine", "1");
  return out;
}

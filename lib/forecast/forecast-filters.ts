import { z } from "zod";
import type { ForecastFilters, ForecastView } from "./types";

/**
 * The forecast's query string (page URL and every /api/forecast call). Untrusted: anything malformed falls back to
 * its default, and the horizon only takes the offered values, so a URL cannot ask for 500 periods.
 */
export const FORECAST_HORIZONS: Record<ForecastView, { past: readonly number[]; ahead: readonly number[]; defaults: { past: number; ahead: number } }> = {
  month: { past: [0, 3, 6, 12], ahead: [3, 6, 12], defaults: { past: 3, ahead: 6 } },
  week: { past: [0, 4, 8], ahead: [13, 26], defaults: { past: 4, ahead: 13 } },
};

const emptyToNull = (v: unknown) => (typeof v === "string" && v.trim() === "" ? null : v);
const id = z.preprocess(emptyToNull, z.string().max(64).nullable().catch(null)).default(null);

const querySchema = z.object({
  view: z.enum(["month", "week"]).catch("month").default("month"),
  past: z.coerce.number().int().nullable().catch(null).default(null),
  ahead: z.coerce.number().int().nullable().catch(null).default(null),
  owner: id,
  pipeline: id,
  target: id,
  open: z.preprocess((v) => !(v === "0" || v === "false" || v === false), z.boolean()).default(true),
});

export function parseForecastFilters(params: URLSearchParams | Record<string, string | string[] | undefined>): ForecastFilters {
  const raw: Record<string, string> = {};
  if (params instanceof URLSearchParams) params.forEach((v, k) => (raw[k] = v));
  else for (const [k, v] of Object.entries(params)) if (v !== undefined) raw[k] = Array.isArray(v) ? (v[0] ?? "") : v;
  const p = querySchema.parse(raw);
  const horizon = FORECAST_HORIZONS[p.view];
  return {
    view: p.view,
    past: p.past !== null && horizon.past.includes(p.past) ? p.past : horizon.defaults.past,
    ahead: p.ahead !== null && horizon.ahead.includes(p.ahead) ? p.ahead : horizon.defaults.ahead,
    ownerId: p.owner,
    pipelineId: p.pipeline,
    target: p.target,
    includePipeline: p.open,
  };
}

/** The inverse of parseForecastFilters (defaults left out), for URLs and query keys. */
export function forecastFiltersToQuery(f: ForecastFilters): URLSearchParams {
  const out = new URLSearchParams();
  const defaults = FORECAST_HORIZONS[f.view].defaults;
  if (f.view !== "month") out.set("view", f.view);
  if (f.past !== defaults.past) out.set("past", String(f.past));
  if (f.ahead !== defaults.ahead) out.set("ahead", String(f.ahead));
  if (f.ownerId) out.set("owner", f.ownerId);
  if (f.pipelineId) out.set("pipeline", f.pipelineId);
  if (f.target) out.set("target", f.target);
  if (!f.includePipeline) out.set("open", "0");
  return out;
}

"use client";

import { useLocale, useTranslations } from "next-intl";
import { useId } from "react";
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatPeriod } from "@/lib/forecast/format-period";
import { FORECAST_SERIES, type ForecastPeriod, type ForecastView } from "@/lib/forecast/types";
import { formatYen, formatYenCompact } from "@/lib/format";
import { CUMULATIVE_COLOR, SERIES_COLORS } from "./series-colors";

type Point = ForecastPeriod & { label: string; fullLabel: string };

function ForecastTooltip({ active, payload }: { active?: boolean; payload?: readonly { payload?: Point }[] }) {
  const t = useTranslations("forecast");
  const p = payload?.[0]?.payload;
  if (!active || !p) return null;
  return (
    <div className="rounded-md border border-slate-200 bg-white px-3 py-2 text-xs shadow-md">
      <div className="mb-1 font-semibold text-slate-900">{p.fullLabel}</div>
      <table className="tabular-nums">
        <tbody>
          {FORECAST_SERIES.filter((s) => p[s] !== 0 || (s === "pipeline" && p.pipelineUnweighted !== 0)).map((s) => (
            <tr key={s}>
              <td className="pr-3">
                <span className="mr-1.5 inline-block h-2 w-2 rounded-sm" style={{ background: SERIES_COLORS[s] }} />
                {t(`series.${s}`)}
              </td>
              <td className="text-right">
                {formatYen(p[s])}
                {s === "pipeline" ? <span className="ml-1 text-slate-500">({t("chart.pipelineUnweighted", { amount: formatYen(p.pipelineUnweighted) })})</span> : null}
              </td>
            </tr>
          ))}
          <tr className="border-t border-slate-200 font-semibold">
            <td className="pr-3">{t("table.total")}</td>
            <td className="text-right">{formatYen(p.total)}</td>
          </tr>
          <tr className="text-slate-500">
            <td className="pr-3">{t("chart.cumulative")}</td>
            <td className="text-right">{formatYen(p.cumulative)}</td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}

/**
 * Stacked bars per period (most certain at the bottom) and the running total on the right axis. Plain series in,
 * nothing loaded here. The table under it carries the same figures for screen readers and for copying.
 */
export function ForecastChart({ periods, view }: { periods: ForecastPeriod[]; view: ForecastView }) {
  const t = useTranslations("forecast");
  const locale = useLocale() === "en" ? "en" : "ja";
  const titleId = useId();
  const summaryId = useId();
  const data: Point[] = periods.map((p) => ({ ...p, label: formatPeriod(view, p.start, p.end, locale, view === "week"), fullLabel: formatPeriod(view, p.start, p.end, locale) }));
  const current = data.find((p) => p.position === "current");
  const first = data[0]?.fullLabel ?? "";
  const last = data.at(-1)?.fullLabel ?? "";
  return (
    <figure aria-labelledby={titleId} aria-describedby={summaryId} className="m-0" data-testid="forecast-chart">
      <figcaption>
        <span id={titleId} className="sr-only">
          {t("chart.title")}
        </span>
        <span id={summaryId} className="sr-only">
          {t("chart.summary", { first, last })}
        </span>
      </figcaption>
      <div className="h-[340px] w-full">
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={data} margin={{ top: 16, right: 8, bottom: 0, left: 8 }} barCategoryGap="18%">
            <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
            <XAxis dataKey="label" tick={{ fontSize: 12, fill: "#475569" }} tickLine={false} axisLine={{ stroke: "#cbd5e1" }} interval={view === "week" ? 1 : 0} />
            <YAxis yAxisId="cash" tickFormatter={(v: number) => formatYenCompact(v, locale)} tick={{ fontSize: 12, fill: "#475569" }} width={72} axisLine={false} tickLine={false} />
            <YAxis yAxisId="cumulative" orientation="right" tickFormatter={(v: number) => formatYenCompact(v, locale)} tick={{ fontSize: 12, fill: "#94a3b8" }} width={72} axisLine={false} tickLine={false} />
            <Tooltip content={(props) => <ForecastTooltip active={props.active} payload={props.payload as readonly { payload?: Point }[] | undefined} />} cursor={{ fill: "rgba(148,163,184,0.15)" }} />
            <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={null} />
            {current ? <ReferenceLine yAxisId="cash" x={current.label} stroke="#94a3b8" strokeDasharray="4 4" label={{ value: t("chart.now"), position: "insideTopRight", fontSize: 11, fill: "#64748b" }} /> : null}
            {FORECAST_SERIES.map((s) => (
              <Bar key={s} yAxisId="cash" dataKey={s} name={t(`series.${s}`)} stackId="cash" fill={SERIES_COLORS[s]} isAnimationActive={false} />
            ))}
            <Line yAxisId="cumulative" type="monotone" dataKey="cumulative" name={t("chart.cumulative")} stroke={CUMULATIVE_COLOR} strokeWidth={2} dot={{ r: 2 }} isAnimationActive={false} />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}

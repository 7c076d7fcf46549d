import type { ForecastSeries } from "@/lib/forecast/types";

/** One colour per certainty tier, shared by the chart, its legend and the table's swatches (darker = more certain). */
export const SERIES_COLORS: Record<ForecastSeries, string> = {
  received: "#047857",
  invoiced: "#0284c7",
  overdue: "#dc2626",
  won: "#f59e0b",
  pipeline: "#a78bfa",
};

export const CUMULATIVE_COLOR = "#334155";

// GET /api/forecast – the cash forecast (received, invoiced, overdue, won, weighted pipeline per period) for the filters
import { getDb } from "@/db/client";
import { withPermission } from "@/lib/auth/guards";
import { parseForecastFilters } from "@/lib/forecast/forecast-filters";
import { getCashForecast } from "@/lib/forecast/get-cash-forecast";

export const dynamic = "force-dynamic";

export const GET = withPermission("forecast.view", async (request) => {
  const filters = parseForecastFilters(new URL(request.url).searchParams);
  const forecast = await getCashForecast(await getDb(), filters);
  return Response.json(forecast, { headers: { "cache-control": "no-store" } });
});

import { getTranslations } from "next-intl/server";
import { ForecastView } from "@/components/forecast/forecast-view";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db/client";
import { boardFilterOptions } from "@/db/queries/board";
import { requirePermission } from "@/lib/auth/guards";
import { parseForecastFilters } from "@/lib/forecast/forecast-filters";
import { getCashForecast } from "@/lib/forecast/get-cash-forecast";

export const dynamic = "force-dynamic";

export default async function ForecastPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePermission("forecast.view", "/forecast");
  const t = await getTranslations("forecast");
  const db = await getDb();
  // Server-rendered with the figures (the table is in the first HTML), then kept live by the client against /api/forecast.
  const [initial, options] = await Promise.all([getCashForecast(db, parseForecastFilters(await searchParams)), boardFilterOptions(db)]);
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <ForecastView initial={initial} options={options} />
    </>
  );
}

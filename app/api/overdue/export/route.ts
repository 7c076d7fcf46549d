// GET /api/overdue/export – the current filtered overdue list as CSV (UTF-8 with BOM, Japanese headers), same scope as the page
import { createTranslator } from "next-intl";
import { getDb } from "@/db/client";
import { withPermission } from "@/lib/auth/guards";
import { env } from "@/lib/env";
import { loadMessages } from "@/lib/i18n/messages";
import { getOverdueExport } from "@/lib/overdue/get-overdue-list";
import { overdueCsv } from "@/lib/overdue/overdue-csv";
import { parseOverdueFilters } from "@/lib/overdue/overdue-filters";

export const dynamic = "force-dynamic";

export const GET = withPermission("overdue.view", async (request, { user }) => {
  const filters = parseOverdueFilters(new URL(request.url).searchParams);
  const { today, items } = await getOverdueExport(await getDb(), user, filters, { hubspotAppBaseUrl: env().HUBSPOT_APP_BASE_URL });
  // Finance files these by date; the headers are Japanese whatever the UI language (what Excel users here expect).
  const t = createTranslator({ locale: "ja", messages: await loadMessages("ja"), namespace: "overdue" });
  const csv = overdueCsv(items, (key, values) => t(key as never, values as never));
  const stamp = today.replaceAll("-", "");
  return new Response(csv, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="overdue-${stamp}.csv"; filename*=UTF-8''${encodeURIComponent(`未入金一覧_${stamp}.csv`)}`,
      "cache-control": "no-store",
    },
  });
});

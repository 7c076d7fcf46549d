import { getTranslations } from "next-intl/server";
import { Card, CardContent } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";

/** A page whose feature has not landed yet: its title, its purpose, and an honest note. */
export async function PlaceholderPage({ page }: { page: "board" | "invoices" | "overdue" | "forecast" | "partners" | "sync" }) {
  const t = await getTranslations();
  return (
    <>
      <PageHeader title={t(`pages.${page}.title`)} description={t(`pages.${page}.description`)} />
      <Card>
        <CardContent className="text-sm text-slate-500">{t("common.notYet")}</CardContent>
      </Card>
    </>
  );
}

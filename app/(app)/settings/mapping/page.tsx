import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { MappingRulesForm } from "@/components/mapping/mapping-rules-form";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import { getDb } from "@/db/client";
import { getActiveRuleVersion, listRuleVersions } from "@/db/queries/invoicing";
import { getSetting } from "@/db/queries/settings";
import { requirePermission } from "@/lib/auth/guards";
import { formatDateTime } from "@/lib/format";
import { DEFAULT_MAPPING_RULES, parseMappingRules } from "@/lib/invoicing/mapping-rules";
import { FOUR_EYES_SETTING } from "@/lib/invoicing/review-drafts";

export default async function MappingSettingsPage() {
  await requirePermission("mapping.manage", "/settings/mapping");
  const [t, locale, db] = await Promise.all([getTranslations("mapping"), getLocale(), getDb()]);
  const lang = locale === "en" ? "en" : "ja";
  const [active, versions, fourEyes] = await Promise.all([getActiveRuleVersion(db), listRuleVersions(db, 20), getSetting(db, FOUR_EYES_SETTING)]);
  const rules = active ? parseMappingRules(active.rules) : DEFAULT_MAPPING_RULES;
  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={
          <Link href="/settings" className="text-sm text-brand-700 hover:underline">
            {t("backToSettings")}
          </Link>
        }
      />
      <MappingRulesForm initial={rules} version={active?.version ?? null} fourEyes={fourEyes === true} />
      <Card className="mt-4">
        <CardHeader>
          <CardTitle>{t("history.title")}</CardTitle>
        </CardHeader>
        <CardContent>
          <Table>
            <thead>
              <tr>
                <Th>{t("history.version")}</Th>
                <Th>{t("history.savedAt")}</Th>
                <Th>{t("history.note")}</Th>
              </tr>
            </thead>
            <tbody>
              {versions.map((v) => (
                <tr key={v.id}>
                  <Td>v{v.version}</Td>
                  <Td>{formatDateTime(v.createdAt, lang)}</Td>
                  <Td>{v.note ?? ""}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        </CardContent>
      </Card>
    </>
  );
}

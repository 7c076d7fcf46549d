import Link from "next/link";
import { MappingRulesForm } from "@/components/mapping/mapping-rules-form";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import { getDb } from "@/db/client";
import { getActiveRuleVersion, listRuleVersions } from "@/db/queries/invoicing";
import { getSetting } from "@/db/queries/settings";
import { requirePermission } from "@/lib/auth/guards";
import { DEFAULT_MAPPING_RULES, parseMappingRules } from "@/lib/invoicing/mapping-rules";
import { FOUR_EYES_SETTING } from "@/lib/invoicing/review-drafts";

export default async function MappingSettingsPage() {
  await requirePermission("mapping.manage", "/settings/mapping");
  const db = await getDb();
  const [active, versions, fourEyes] = await Promise.all([getActiveRuleVersion(db), listRuleVersions(db, 20), getSetting(db, FOUR_EYES_SETTING)]);
  const rules = active ? parseMappingRules(active.rules) : DEFAULT_MAPPING_RULES;
  return (
    <>
      <PageHeader
        title="マッピングルール"
        description="商品・税率・支払条件・テンプレートなど、受注から請求書の下書きを作るときのルールです。保存するたびに新しいバージョンになり、各下書きは使ったバージョンを記録します。"
        actions={
          <Link href="/settings" className="text-sm text-brand-700 hover:underline">
            ← 設定
          </Link>
        }
      />
      <MappingRulesForm initial={rules} version={active?.version ?? null} fourEyes={fourEyes === true} />
      <Card className="mt-4">
        <CardHeader>
          <CardTitle>バージョン履歴</CardTitle>
        </CardHeader>
        <CardContent>
          <Table>
            <thead>
              <tr>
                <Th>バージョン</Th>
                <Th>保存日時</Th>
                <Th>メモ</Th>
              </tr>
            </thead>
            <tbody>
              {versions.map((v) => (
                <tr key={v.id}>
                  <Td>v{v.version}</Td>
                  <Td>{v.createdAt.toLocaleString("ja-JP", { timeZone: "Asia/Tokyo" })}</Td>
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

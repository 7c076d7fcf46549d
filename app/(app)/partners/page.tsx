import Link from "next/link";
import { ReviewItem } from "@/components/partners/review-item";
import { RunMatchingControls } from "@/components/partners/run-matching-controls";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db/client";
import type { ReviewTab } from "@/db/queries/partners";
import { requirePermission } from "@/lib/auth/guards";
import { can } from "@/lib/auth/permissions";
import { formatDateTime } from "@/lib/format";
import { loadReviewScreen } from "@/lib/partners/review-screen";

type Search = Promise<Record<string, string | string[] | undefined>>;

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || null;

const TABS: { tab: ReviewTab; label: string }[] = [
  { tab: "review", label: "要確認" },
  { tab: "auto", label: "自動一致" },
  { tab: "unmatched", label: "未一致" },
  { tab: "linked", label: "紐付け済み" },
  { tab: "errors", label: "同期エラー" },
];

const RUN_STATUS: Record<string, string> = { queued: "待機中", running: "実行中", done: "完了", failed: "失敗" };

export default async function PartnersPage({ searchParams }: { searchParams: Search }) {
  const user = await requirePermission("partners.view", "/partners");
  const canReview = can(user.roles, "partners.review");
  const sp = await searchParams;
  const tab = (TABS.find((t) => t.tab === one(sp.tab))?.tab ?? "review") as ReviewTab;
  const query = one(sp.q) ?? "";
  const db = await getDb();
  const screen = await loadReviewScreen(db, { tab, query, accountingConnectionId: one(sp.acct), limit: 100 });
  const href = (params: Record<string, string | null>) => {
    const next = new URLSearchParams();
    const merged = { acct: screen.accounting?.id ?? null, tab, q: query || null, ...params };
    for (const [k, v] of Object.entries(merged)) if (v) next.set(k, v);
    return `/partners?${next.toString()}`;
  };

  return (
    <>
      <PageHeader
        title="取引先の名寄せ"
        description="HubSpot の会社と会計ソフトの取引先を突き合わせます。確定した会社だけが会計ソフトに同期され、取引先IDが HubSpot に書き戻されます。"
      />
      {!screen.crm || !screen.accounting ? (
        <Card>
          <CardContent className="text-sm text-slate-600">
            HubSpot と会計ソフト（freee または Money Forward）の両方を接続すると名寄せができます。設定 → 接続 から接続してください。
          </CardContent>
        </Card>
      ) : (
        <>
          <Card className="mb-4">
            <CardContent className="space-y-3">
              {screen.accountingConnections.length > 1 ? (
                <nav aria-label="会計ソフト" className="flex gap-2 text-sm">
                  {screen.accountingConnections.map((c) => (
                    <Link key={c.id} href={href({ acct: c.id })} className={c.id === screen.accounting!.id ? "font-semibold underline" : "text-brand-700"}>
                      {c.provider === "freee" ? "freee" : "Money Forward"} {c.externalAccountName ?? ""}
                    </Link>
                  ))}
                </nav>
              ) : null}
              <p className="text-sm text-slate-600" aria-label="名寄せの実行状況">
                {screen.run
                  ? `前回の名寄せ: ${RUN_STATUS[screen.run.status] ?? screen.run.status}${screen.run.finishedAt ? `（${formatDateTime(screen.run.finishedAt)}）` : ""}${
                      screen.run.counts ? ` — 会社 ${screen.run.counts.companies} 件 / 取引先 ${screen.run.counts.partners} 件 / 自動一致 ${screen.run.counts.auto} / 要確認 ${screen.run.counts.review} / 未一致 ${screen.run.counts.none}` : ""
                    }${screen.run.error ? ` — エラー: ${screen.run.error}` : ""}`
                  : "まだ名寄せを実行していません。「名寄せを実行」で全社を突き合わせます。"}
              </p>
              <RunMatchingControls
                accountingConnectionId={screen.accounting.id}
                running={screen.run?.status === "queued" || screen.run?.status === "running"}
                autoCount={screen.counts.auto}
                canReview={canReview}
              />
              <p className="text-xs text-slate-500">
                未一致・要確認の会社は、確認が済むまで会計ソフトに同期されません（重複した取引先を作らないため）。/ Unmatched companies wait for review and are not synced.
              </p>
            </CardContent>
          </Card>

          <nav aria-label="名寄せの状態" className="mb-3 flex flex-wrap gap-1 border-b border-slate-200">
            {TABS.map((t) => (
              <Link
                key={t.tab}
                href={href({ tab: t.tab })}
                aria-current={t.tab === tab ? "page" : undefined}
                className={`rounded-t-md px-3 py-2 text-sm ${t.tab === tab ? "border border-b-white border-slate-200 bg-white font-semibold" : "text-slate-600 hover:text-slate-900"}`}
              >
                {t.label}（{screen.counts[t.tab]}）
              </Link>
            ))}
          </nav>

          <form method="get" className="mb-4 flex gap-2" aria-label="会社を検索">
            <input type="hidden" name="acct" value={screen.accounting.id} />
            <input type="hidden" name="tab" value={tab} />
            <Input name="q" defaultValue={query} placeholder="会社名・HubSpot ID で検索" aria-label="会社名で検索" className="max-w-sm" />
            <Button type="submit" variant="secondary">
              検索
            </Button>
          </form>

          {screen.rows.length === 0 ? (
            <p className="text-sm text-slate-500">該当する会社はありません。</p>
          ) : (
            <div className="space-y-3">
              {screen.rows.map((row) => (
                <ReviewItem key={row.companyId} row={row} accountingConnectionId={screen.accounting!.id} canReview={canReview} />
              ))}
              {screen.rows.length === 100 ? <p className="text-xs text-slate-500">先頭の100件を表示しています。検索で絞り込んでください。</p> : null}
            </div>
          )}
        </>
      )}
    </>
  );
}

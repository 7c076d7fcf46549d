import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
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

const TABS: readonly ReviewTab[] = ["review", "auto", "unmatched", "linked", "errors"];
const RUN_STATUSES = new Set(["queued", "running", "done", "failed"]);
const PAGE_SIZE = 100;

export default async function PartnersPage({ searchParams }: { searchParams: Search }) {
  const user = await requirePermission("partners.view", "/partners");
  const canReview = can(user.roles, "partners.review");
  const sp = await searchParams;
  const tab = TABS.find((t) => t === one(sp.tab)) ?? "review";
  const query = one(sp.q) ?? "";
  const [t, locale] = await Promise.all([getTranslations("partners"), getLocale()]);
  const lang = locale === "en" ? "en" : "ja";
  const db = await getDb();
  const screen = await loadReviewScreen(db, { tab, query, accountingConnectionId: one(sp.acct), limit: PAGE_SIZE });
  const href = (params: Record<string, string | null>) => {
    const next = new URLSearchParams();
    const merged = { acct: screen.accounting?.id ?? null, tab, q: query || null, ...params };
    for (const [k, v] of Object.entries(merged)) if (v) next.set(k, v);
    return `/partners?${next.toString()}`;
  };

  const run = screen.run;
  const runText = run
    ? [
        t(run.finishedAt ? "run.lastAt" : "run.last", {
          status: RUN_STATUSES.has(run.status) ? t(`run.status.${run.status}`) : run.status,
          at: run.finishedAt ? formatDateTime(run.finishedAt, lang) : "",
        }),
        run.counts ? t("run.counts", { companies: run.counts.companies ?? 0, partners: run.counts.partners ?? 0, auto: run.counts.auto ?? 0, review: run.counts.review ?? 0, none: run.counts.none ?? 0 }) : null,
        run.error ? t("run.error", { error: run.error }) : null,
      ]
        .filter(Boolean)
        .join(" — ")
    : t("run.never");

  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      {!screen.crm || !screen.accounting ? (
        <Card>
          <CardContent className="text-sm text-slate-600">{t("notConnected")}</CardContent>
        </Card>
      ) : (
        <>
          <Card className="mb-4">
            <CardContent className="space-y-3">
              {screen.accountingConnections.length > 1 ? (
                <nav aria-label={t("accountingNav")} className="flex gap-2 text-sm">
                  {screen.accountingConnections.map((c) => (
                    <Link key={c.id} href={href({ acct: c.id })} className={c.id === screen.accounting!.id ? "font-semibold underline" : "text-brand-700"}>
                      {c.provider === "freee" ? "freee" : "Money Forward"} {c.externalAccountName ?? ""}
                    </Link>
                  ))}
                </nav>
              ) : null}
              <p className="text-sm text-slate-600" aria-label={t("run.label")}>
                {runText}
              </p>
              <RunMatchingControls
                accountingConnectionId={screen.accounting.id}
                running={screen.run?.status === "queued" || screen.run?.status === "running"}
                autoCount={screen.counts.auto}
                canReview={canReview}
              />
              <p className="text-xs text-slate-500">{t("notSyncedNote")}</p>
            </CardContent>
          </Card>

          <nav aria-label={t("tabs.label")} className="mb-3 flex flex-wrap gap-1 border-b border-slate-200">
            {TABS.map((each) => (
              <Link
                key={each}
                href={href({ tab: each })}
                aria-current={each === tab ? "page" : undefined}
                className={`rounded-t-md px-3 py-2 text-sm ${each === tab ? "border border-b-white border-slate-200 bg-white font-semibold" : "text-slate-600 hover:text-slate-900"}`}
              >
                {t("tabs.withCount", { label: t(`tabs.${each}`), count: screen.counts[each] })}
              </Link>
            ))}
          </nav>

          <form method="get" className="mb-4 flex gap-2" aria-label={t("search.form")}>
            <input type="hidden" name="acct" value={screen.accounting.id} />
            <input type="hidden" name="tab" value={tab} />
            <Input name="q" defaultValue={query} placeholder={t("search.placeholder")} aria-label={t("search.input")} className="max-w-sm" />
            <Button type="submit" variant="secondary">
              {t("search.submit")}
            </Button>
          </form>

          {screen.rows.length === 0 ? (
            <p className="text-sm text-slate-500">{t("search.empty")}</p>
          ) : (
            <div className="space-y-3">
              {screen.rows.map((row) => (
                <ReviewItem key={row.companyId} row={row} accountingConnectionId={screen.accounting!.id} canReview={canReview} />
              ))}
              {screen.rows.length === PAGE_SIZE ? <p className="text-xs text-slate-500">{t("search.truncated", { count: PAGE_SIZE })}</p> : null}
            </div>
          )}
        </>
      )}
    </>
  );
}

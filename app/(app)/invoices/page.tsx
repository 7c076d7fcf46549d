import { getTranslations } from "next-intl/server";
import { InvoiceQueue, type QueueFlag, type QueueRow } from "@/components/invoices/invoice-queue";
import { DRAFT_STATUSES, isDraftStatus } from "@/components/invoices/status-badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db/client";
import { draftTotals, listDraftOwners, listDrafts, type DraftFilter } from "@/db/queries/invoicing";
import { requirePermission } from "@/lib/auth/guards";
import { can } from "@/lib/auth/permissions";
import { formatYen } from "@/lib/format";

type Search = Promise<Record<string, string | string[] | undefined>>;

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || null;
const isDate = (v: string | null) => (v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : null);

export default async function InvoicesPage({ searchParams }: { searchParams: Search }) {
  const user = await requirePermission("invoices.view", "/invoices");
  const t = await getTranslations("invoices");
  const sp = await searchParams;
  const status = one(sp.status);
  const filter: DraftFilter = {
    statuses: status === "open" || status === null ? ["draft", "blocked", "approved", "posting", "post_failed"] : status === "all" ? undefined : isDraftStatus(status) ? [status] : undefined,
    ownerId: one(sp.owner),
    from: isDate(one(sp.from)),
    to: isDate(one(sp.to)),
    provider: one(sp.provider),
    limit: 500,
  };
  const db = await getDb();
  const [drafts, totals, owners] = await Promise.all([listDrafts(db, filter), draftTotals(db, filter), listDraftOwners(db)]);
  const ownerLabel = new Map(owners.map((o) => [o.id, o.label]));
  const rows: QueueRow[] = drafts.map((d) => ({
    id: d.id,
    dealName: d.dealName ?? d.dealId,
    companyName: d.companyName ?? "",
    partnerName: d.partnerName,
    owner: d.ownerId ? (ownerLabel.get(d.ownerId) ?? d.ownerId) : null,
    billingDate: d.billingDate,
    dueDate: d.dueDate,
    total: d.total,
    status: d.status,
    invoiceNumber: d.invoiceNumber,
    provider: d.provider,
    flags: ([d.mismatch && "mismatch", d.reentry && "reentry", d.lastPostError && d.status !== "posted" && "postError"] as const).filter((f): f is QueueFlag => typeof f === "string"),
  }));

  return (
    <>
      <PageHeader title={t("queue.title")} description={t("queue.description")} />
      <Card className="mb-4">
        <CardContent>
          <form method="get" className="flex flex-wrap items-end gap-3" aria-label={t("queue.filters")}>
            <div>
              <Label htmlFor="status">{t("queue.status")}</Label>
              <select id="status" name="status" defaultValue={status ?? "open"} className="h-10 rounded-md border border-slate-300 bg-white px-2 text-sm">
                <option value="open">{t("queue.open")}</option>
                <option value="all">{t("queue.all")}</option>
                {DRAFT_STATUSES.map((value) => (
                  <option key={value} value={value}>
                    {t(`status.${value}`)}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <Label htmlFor="owner">{t("queue.owner")}</Label>
              <select id="owner" name="owner" defaultValue={filter.ownerId ?? ""} className="h-10 rounded-md border border-slate-300 bg-white px-2 text-sm">
                <option value="">{t("queue.all")}</option>
                {owners.map((o) => (
                  <option key={o.id} value={o.id} translate="no">
                    {o.label}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <Label htmlFor="from">{t("queue.from")}</Label>
              <Input id="from" name="from" type="date" defaultValue={filter.from ?? ""} className="w-40" />
            </div>
            <div>
              <Label htmlFor="to">{t("queue.to")}</Label>
              <Input id="to" name="to" type="date" defaultValue={filter.to ?? ""} className="w-40" />
            </div>
            <div>
              <Label htmlFor="provider">{t("queue.provider")}</Label>
              <select id="provider" name="provider" defaultValue={filter.provider ?? ""} className="h-10 rounded-md border border-slate-300 bg-white px-2 text-sm">
                <option value="">{t("queue.all")}</option>
                <option value="freee">freee</option>
                <option value="moneyforward">Money Forward</option>
              </select>
            </div>
            <Button type="submit" variant="secondary">
              {t("queue.apply")}
            </Button>
          </form>
        </CardContent>
      </Card>
      <div className="mb-4 grid grid-cols-2 gap-3 md:grid-cols-4" data-testid="queue-totals">
        <Card>
          <CardContent>
            <div className="text-xs text-slate-500">{t("queue.count")}</div>
            <div className="text-lg font-semibold">{t("queue.countValue", { count: totals.count })}</div>
          </CardContent>
        </Card>
        <Card>
          <CardContent>
            <div className="text-xs text-slate-500">{t("queue.subtotal")}</div>
            <div className="text-lg font-semibold tabular-nums">{formatYen(totals.subtotal)}</div>
          </CardContent>
        </Card>
        <Card>
          <CardContent>
            <div className="text-xs text-slate-500">{t("queue.tax")}</div>
            <div className="text-lg font-semibold tabular-nums">{formatYen(totals.tax)}</div>
          </CardContent>
        </Card>
        <Card>
          <CardContent>
            <div className="text-xs text-slate-500">{t("queue.total")}</div>
            <div className="text-lg font-semibold tabular-nums">{formatYen(totals.total)}</div>
          </CardContent>
        </Card>
      </div>
      <InvoiceQueue rows={rows} canApprove={can(user.roles, "invoices.approve")} />
    </>
  );
}

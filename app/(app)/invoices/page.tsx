import { InvoiceQueue, type QueueRow } from "@/components/invoices/invoice-queue";
import { DRAFT_STATUS_LABELS } from "@/components/invoices/status-badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db/client";
import { draftTotals, listDraftOwners, listDrafts, type DraftFilter } from "@/db/queries/invoicing";
import type { InvoiceDraftStatus } from "@/db/schema";
import { requirePermission } from "@/lib/auth/guards";
import { can } from "@/lib/auth/permissions";
import { formatYen } from "@/lib/format";

type Search = Promise<Record<string, string | string[] | undefined>>;

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || null;
const isDate = (v: string | null) => (v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : null);

export default async function InvoicesPage({ searchParams }: { searchParams: Search }) {
  const user = await requirePermission("invoices.view", "/invoices");
  const sp = await searchParams;
  const status = one(sp.status);
  const filter: DraftFilter = {
    statuses: status === "open" || status === null ? ["draft", "blocked", "approved", "posting", "post_failed"] : status === "all" ? undefined : status in DRAFT_STATUS_LABELS ? [status as InvoiceDraftStatus] : undefined,
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
    flags: [d.mismatch ? "商談と不一致" : "", d.reentry ? "再受注" : "", d.lastPostError && d.status !== "posted" ? "送信エラー" : ""].filter(Boolean),
  }));

  return (
    <>
      <PageHeader title="請求書の承認" description="受注した商談から作成した請求書の下書きを確認し、承認すると会計ソフトに登録されます。" />
      <Card className="mb-4">
        <CardContent>
          <form method="get" className="flex flex-wrap items-end gap-3" aria-label="絞り込み">
            <div>
              <Label htmlFor="status">状態</Label>
              <select id="status" name="status" defaultValue={status ?? "open"} className="h-10 rounded-md border border-slate-300 bg-white px-2 text-sm">
                <option value="open">未完了（すべて）</option>
                <option value="all">すべて</option>
                {Object.entries(DRAFT_STATUS_LABELS).map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <Label htmlFor="owner">担当</Label>
              <select id="owner" name="owner" defaultValue={filter.ownerId ?? ""} className="h-10 rounded-md border border-slate-300 bg-white px-2 text-sm">
                <option value="">すべて</option>
                {owners.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.label}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <Label htmlFor="from">請求日（から）</Label>
              <Input id="from" name="from" type="date" defaultValue={filter.from ?? ""} className="w-40" />
            </div>
            <div>
              <Label htmlFor="to">請求日（まで）</Label>
              <Input id="to" name="to" type="date" defaultValue={filter.to ?? ""} className="w-40" />
            </div>
            <div>
              <Label htmlFor="provider">会計ソフト</Label>
              <select id="provider" name="provider" defaultValue={filter.provider ?? ""} className="h-10 rounded-md border border-slate-300 bg-white px-2 text-sm">
                <option value="">すべて</option>
                <option value="freee">freee</option>
                <option value="moneyforward">Money Forward</option>
              </select>
            </div>
            <Button type="submit" variant="secondary">
              絞り込む
            </Button>
          </form>
        </CardContent>
      </Card>
      <div className="mb-4 grid grid-cols-2 gap-3 md:grid-cols-4" data-testid="queue-totals">
        <Card>
          <CardContent>
            <div className="text-xs text-slate-500">件数</div>
            <div className="text-lg font-semibold">{totals.count}件</div>
          </CardContent>
        </Card>
        <Card>
          <CardContent>
            <div className="text-xs text-slate-500">小計（税抜）</div>
            <div className="text-lg font-semibold tabular-nums">{formatYen(totals.subtotal)}</div>
          </CardContent>
        </Card>
        <Card>
          <CardContent>
            <div className="text-xs text-slate-500">消費税</div>
            <div className="text-lg font-semibold tabular-nums">{formatYen(totals.tax)}</div>
          </CardContent>
        </Card>
        <Card>
          <CardContent>
            <div className="text-xs text-slate-500">合計（税込）</div>
            <div className="text-lg font-semibold tabular-nums">{formatYen(totals.total)}</div>
          </CardContent>
        </Card>
      </div>
      <InvoiceQueue rows={rows} canApprove={can(user.roles, "invoices.approve")} />
    </>
  );
}

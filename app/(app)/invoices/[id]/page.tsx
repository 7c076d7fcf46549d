import Link from "next/link";
import { notFound } from "next/navigation";
import { AutoRefresh } from "@/components/invoices/auto-refresh";
import { DraftActions } from "@/components/invoices/draft-actions";
import { DraftDatesEditor, DraftLinesEditor } from "@/components/invoices/draft-lines-editor";
import { DraftStatusBadge } from "@/components/invoices/status-badge";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import { getDb } from "@/db/client";
import { listAuditEntries } from "@/db/queries/audit";
import { getDealBundle, getDraft, getRuleVersion, listPostingAttempts } from "@/db/queries/invoicing";
import { requirePermission } from "@/lib/auth/guards";
import { can } from "@/lib/auth/permissions";
import { formatYen } from "@/lib/format";
import { ROUNDING_LABELS, TAX_ENTRY_LABELS } from "@/lib/invoicing/compute-tax";
import type { DealMismatch } from "@/lib/invoicing/regenerate-draft";
import type { InvoiceDraft } from "@/lib/invoicing/types";

const AUDIT_LABELS: Record<string, string> = {
  "invoice_draft.created": "下書きを作成",
  "invoice_draft.regenerated": "商談の変更により再作成（手動修正は保持）",
  "invoice_draft.reentry_flagged": "再受注を検知",
  "invoice_draft.edited": "手動修正",
  "invoice_draft.approved": "承認",
  "invoice_draft.rejected": "差し戻し",
  "invoice_draft.posted": "会計ソフトに登録",
  "invoice_draft.post_failed": "登録に失敗",
  "invoice_draft.post_requested": "再送信を依頼",
  "invoice_draft.reopened": "承認を取り消し",
  "invoice_draft.mismatch_flagged": "商談との不一致を検知",
  "invoice_draft.mismatch_cleared": "商談との不一致が解消",
  "invoice_draft.written_back": "HubSpot に請求書番号を書き戻し",
};

const ATTEMPT_LABELS: Record<string, string> = {
  started: "実行中／結果不明",
  succeeded: "登録成功",
  found_existing: "照会で登録済みを確認（二重登録なし）",
  failed_unknown: "タイムアウト等（次回は照会してから再試行）",
  failed_retryable: "一時的なエラー（再試行）",
  failed_permanent: "エラー（再試行しない）",
};

export default async function InvoiceDraftPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requirePermission("invoices.view", `/invoices/${id}`);
  if (!/^[0-9a-f-]{36}$/i.test(id)) notFound();
  const db = await getDb();
  const row = await getDraft(db, id);
  if (!row) notFound();
  const draft = row.draft as InvoiceDraft;
  const [bundle, audit, attempts, ruleVersion] = await Promise.all([
    getDealBundle(db, row.crmConnectionId, row.dealId),
    listAuditEntries(db, { entityType: "invoice_draft", entityId: id, limit: 100 }),
    listPostingAttempts(db, id),
    row.ruleVersionId ? getRuleVersion(db, row.ruleVersionId) : null,
  ]);
  const editable = can(user.roles, "invoices.edit") && (row.status === "draft" || row.status === "blocked");
  const entry = TAX_ENTRY_LABELS[draft.taxEntry].ja;
  const mismatches = (row.mismatchDetails ?? []) as DealMismatch[];

  return (
    <>
      <AutoRefresh active={row.status === "approved" || row.status === "posting"} />
      <PageHeader
        title={row.dealName ?? row.dealId}
        description={`${row.companyName ?? ""} ／ 参照番号 ${row.ourReference}`}
        actions={
          <Link href="/invoices" className="text-sm text-brand-700 hover:underline">
            ← 承認キューに戻る
          </Link>
        }
      />
      <Card className="mb-4">
        <CardContent className="flex flex-wrap items-center justify-between gap-4">
          <div className="flex flex-wrap items-center gap-3">
            <DraftStatusBadge status={row.status} />
            {row.invoiceNumber ? (
              <span className="text-sm" data-testid="invoice-number">
                請求書番号: <strong>{row.invoiceNumber}</strong>
                {row.invoiceUrl ? (
                  <a href={row.invoiceUrl} target="_blank" rel="noreferrer" className="ml-2 text-brand-700 hover:underline">
                    会計ソフトで開く
                  </a>
                ) : null}
              </span>
            ) : null}
            {row.reentry ? <Badge tone="warning">再受注</Badge> : null}
            {row.mismatch ? <Badge tone="danger">商談と不一致</Badge> : null}
            <span className="text-xs text-slate-500">
              マッピングルール v{ruleVersion?.version ?? "—"} ／ {row.provider ?? "会計ソフト未接続"}
            </span>
          </div>
          <DraftActions
            draftId={row.id}
            status={row.status}
            blockedReasons={draft.issues.filter((i) => i.severity === "blocking").map((i) => i.ja)}
            canApprove={can(user.roles, "invoices.approve")}
            canEdit={can(user.roles, "invoices.edit")}
            canPost={can(user.roles, "invoices.post")}
            writebackFailed={!!row.writebackError && !row.writebackAt}
          />
        </CardContent>
        {row.lastPostError && row.status !== "posted" ? (
          <CardContent className="border-t border-slate-100 text-sm text-red-700" data-testid="post-error">
            {row.lastPostError}
          </CardContent>
        ) : null}
        {row.rejectedReason && row.status === "rejected" ? <CardContent className="border-t border-slate-100 text-sm">差し戻し理由: {row.rejectedReason}</CardContent> : null}
      </Card>

      {mismatches.length > 0 ? (
        <Card className="mb-4 border-red-200">
          <CardHeader>
            <CardTitle>承認後に商談が変更されました</CardTitle>
          </CardHeader>
          <CardContent>
            <ul className="list-disc pl-5 text-sm">
              {mismatches.map((m) => (
                <li key={m.field}>{m.ja}</li>
              ))}
            </ul>
          </CardContent>
        </Card>
      ) : null}

      <div className="mb-4 grid gap-4 lg:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>商談（HubSpot）</CardTitle>
          </CardHeader>
          <CardContent className="space-y-2 text-sm" data-testid="deal-side">
            {bundle ? (
              <>
                <div>商談名: {bundle.deal.name}</div>
                <div>金額: {bundle.deal.amountYen !== null ? formatYen(bundle.deal.amountYen) : (bundle.deal.amount ?? "—")} {bundle.deal.currency && bundle.deal.currency !== "JPY" ? bundle.deal.currency : ""}</div>
                <div>受注日: {bundle.deal.closeDate ?? "—"}</div>
                <div>会社: {bundle.company?.name ?? "—"}</div>
                <div>登録番号: {bundle.company?.registrationNumber ?? "—"}</div>
                <div>担当: {bundle.owner ? [bundle.owner.lastName, bundle.owner.firstName].filter(Boolean).join(" ") || bundle.owner.email : "—"}</div>
                <Table>
                  <thead>
                    <tr>
                      <Th>商品項目</Th>
                      <Th className="text-right">数量</Th>
                      <Th className="text-right">単価</Th>
                      <Th>税率</Th>
                    </tr>
                  </thead>
                  <tbody>
                    {bundle.lineItems.length === 0 ? (
                      <tr>
                        <Td colSpan={4} className="text-slate-500">
                          商品項目なし（商談名と金額から1行で作成）
                        </Td>
                      </tr>
                    ) : (
                      bundle.lineItems.map((li) => (
                        <tr key={li.id}>
                          <Td>{li.name}</Td>
                          <Td className="text-right">{li.quantity}</Td>
                          <Td className="text-right">{li.unitPrice}</Td>
                          <Td>{li.taxRate !== null ? `${li.taxRate}%` : "—"}</Td>
                        </tr>
                      ))
                    )}
                  </tbody>
                </Table>
              </>
            ) : (
              <p className="text-slate-500">商談が CRM ミラーにありません。</p>
            )}
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>請求書の下書き</CardTitle>
          </CardHeader>
          <CardContent className="space-y-3 text-sm" data-testid="draft-side">
            <div>取引先: {draft.partner ? `${draft.partner.name}（${draft.partner.id}）` : <span className="text-amber-700">未紐付け — 取引先の紐付けまたは作成が必要です</span>}</div>
            <div>件名: {draft.subject}</div>
            <div>
              請求日: {draft.billingDate} ／ 支払期日: <span data-testid="due-date">{draft.dueDate}</span>
            </div>
            <DraftDatesEditor draftId={row.id} billingDate={draft.billingDate} dueDate={draft.dueDate} editable={editable} />
            <DraftLinesEditor draftId={row.id} lines={draft.lines} editable={editable} taxEntryLabel={entry} />
            {draft.reducedRateLegend ? <p className="text-xs">{draft.reducedRateLegend.ja}</p> : null}
            {draft.notes ? <p className="whitespace-pre-wrap text-xs text-slate-600">備考: {draft.notes}</p> : null}
          </CardContent>
        </Card>
      </div>

      <div className="mb-4 grid gap-4 lg:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>税率ごとの内訳</CardTitle>
          </CardHeader>
          <CardContent>
            <Table data-testid="tax-summary">
              <thead>
                <tr>
                  <Th>税率</Th>
                  <Th className="text-right">対価（税抜）</Th>
                  <Th className="text-right">消費税</Th>
                  <Th className="text-right">税込</Th>
                </tr>
              </thead>
              <tbody>
                {draft.taxSummary.map((r) => (
                  <tr key={r.rate}>
                    <Td>
                      {r.rate}%{r.reducedRate ? "（軽減税率）" : ""}
                    </Td>
                    <Td className="text-right tabular-nums">{formatYen(r.subtotal)}</Td>
                    <Td className="text-right tabular-nums">{formatYen(r.tax)}</Td>
                    <Td className="text-right tabular-nums">{formatYen(r.total)}</Td>
                  </tr>
                ))}
                <tr className="font-semibold">
                  <Td>合計</Td>
                  <Td className="text-right tabular-nums">{formatYen(draft.subtotal)}</Td>
                  <Td className="text-right tabular-nums">{formatYen(draft.tax)}</Td>
                  <Td className="text-right tabular-nums" data-testid="draft-total">
                    {formatYen(draft.total)}
                  </Td>
                </tr>
              </tbody>
            </Table>
            <p className="mt-2 text-xs text-slate-500">
              消費税は税率ごとに1回だけ端数処理（{ROUNDING_LABELS[draft.rounding].ja}、{entry}入力）。
            </p>
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>支払期日の計算</CardTitle>
          </CardHeader>
          <CardContent className="text-sm">
            <p className="mb-2">
              支払条件: {draft.dueDateDerivation.termsLabel.ja}（{draft.dueDateDerivation.termsSource === "company" ? "会社別の設定" : "既定の設定"}）
            </p>
            <ol className="list-decimal space-y-1 pl-5" data-testid="due-derivation">
              <li>{draft.dueDateDerivation.billingDateExplanation.ja}</li>
              {draft.dueDateDerivation.steps.map((s) => (
                <li key={s.step}>{s.ja}</li>
              ))}
            </ol>
          </CardContent>
        </Card>
      </div>

      <Card className="mb-4">
        <CardHeader>
          <CardTitle>チェック</CardTitle>
        </CardHeader>
        <CardContent>
          {draft.issues.length === 0 ? (
            <p className="text-sm text-emerald-700">問題は見つかりませんでした。</p>
          ) : (
            <ul className="space-y-1 text-sm" data-testid="draft-issues">
              {draft.issues.map((i, n) => (
                <li key={`${i.code}-${n}`} className="flex gap-2">
                  <Badge tone={i.severity === "blocking" ? "danger" : "warning"}>{i.severity === "blocking" ? "承認不可" : "注意"}</Badge>
                  <span>{i.ja}</span>
                </li>
              ))}
            </ul>
          )}
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>履歴</CardTitle>
        </CardHeader>
        <CardContent className="space-y-3">
          <Table data-testid="draft-history">
            <thead>
              <tr>
                <Th>日時</Th>
                <Th>操作</Th>
                <Th>実行者</Th>
              </tr>
            </thead>
            <tbody>
              {audit.map((a) => (
                <tr key={a.id}>
                  <Td className="whitespace-nowrap">{a.at.toLocaleString("ja-JP", { timeZone: "Asia/Tokyo" })}</Td>
                  <Td>{AUDIT_LABELS[a.action] ?? a.action}</Td>
                  <Td>{a.actorLabel === "system" ? "システム" : a.actorLabel}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
          {attempts.length > 0 ? (
            <Table>
              <thead>
                <tr>
                  <Th>登録の試行</Th>
                  <Th>開始</Th>
                  <Th>結果</Th>
                  <Th>詳細</Th>
                </tr>
              </thead>
              <tbody>
                {attempts.map((a) => (
                  <tr key={a.id}>
                    <Td>#{a.attemptNo}</Td>
                    <Td className="whitespace-nowrap">{a.startedAt.toLocaleString("ja-JP", { timeZone: "Asia/Tokyo" })}</Td>
                    <Td>{ATTEMPT_LABELS[a.status] ?? a.status}</Td>
                    <Td className="text-xs">{a.error ?? a.invoiceNumber ?? ""}</Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          ) : null}
        </CardContent>
      </Card>
    </>
  );
}

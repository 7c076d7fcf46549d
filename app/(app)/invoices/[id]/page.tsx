import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
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
import { formatDate, formatDateTime, formatYen } from "@/lib/format";
import { toLocale } from "@/lib/i18n/locale";
import { pickLocalized } from "@/lib/i18n/pick-localized";
import { ROUNDING_LABELS, TAX_ENTRY_LABELS } from "@/lib/invoicing/compute-tax";
import { formatCrmYen, formatMismatchValue } from "@/lib/invoicing/display-values";
import { localizePostError } from "@/lib/invoicing/post-error-message";
import type { DealMismatch } from "@/lib/invoicing/regenerate-draft";
import type { InvoiceDraft } from "@/lib/invoicing/types";

// Data (names, subjects, reasons people typed) is marked translate="no": shown as entered in both languages.
const data = (chunks: ReactNode) => <span translate="no">{chunks}</span>;

export default async function InvoiceDraftPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requirePermission("invoices.view", `/invoices/${id}`);
  if (!/^[0-9a-f-]{36}$/i.test(id)) notFound();
  const db = await getDb();
  const row = await getDraft(db, id);
  if (!row) notFound();
  const draft = row.draft as InvoiceDraft;
  const [bundle, audit, attempts, ruleVersion, t, locale] = await Promise.all([
    getDealBundle(db, row.crmConnectionId, row.dealId),
    listAuditEntries(db, { entityType: "invoice_draft", entityId: id, limit: 100 }),
    listPostingAttempts(db, id),
    row.ruleVersionId ? getRuleVersion(db, row.ruleVersionId) : null,
    getTranslations("invoices"),
    getLocale().then(toLocale),
  ]);
  const editable = can(user.roles, "invoices.edit") && (row.status === "draft" || row.status === "blocked");
  const entry = pickLocalized(TAX_ENTRY_LABELS[draft.taxEntry], locale);
  // Shorter in the narrow lines table ("excl. tax"); the same words as TAX_ENTRY_LABELS in Japanese.
  const lineEntry = t(`lines.entry.${draft.taxEntry}`);
  const mismatches = (row.mismatchDetails ?? []) as DealMismatch[];
  const mismatchText = (m: DealMismatch) => {
    const field = `detail.mismatchFields.${m.field}`;
    if (!t.has(field)) return pickLocalized(m, locale);
    const value = (v: DealMismatch["approved"]) => formatMismatchValue(m.field, v, locale) ?? t("detail.mismatchNone");
    return t("detail.mismatchLine", { field: t(field), approved: value(m.approved), current: value(m.current) });
  };
  const auditLabel = (action: string) => {
    const key = `audit.${action.replace(/^invoice_draft\./, "")}`;
    return t.has(key) ? t(key) : action;
  };
  const attemptLabel = (status: string) => (t.has(`attempts.${status}`) ? t(`attempts.${status}`) : status);

  return (
    <>
      <AutoRefresh active={row.status === "approved" || row.status === "posting"} />
      <PageHeader
        title={row.dealName ?? row.dealId}
        description={t("detail.description", { company: row.companyName ?? "", reference: row.ourReference })}
        actions={
          <Link href="/invoices" className="text-sm text-brand-700 hover:underline">
            {t("detail.back")}
          </Link>
        }
      />
      <Card className="mb-4">
        <CardContent className="flex flex-wrap items-center justify-between gap-4">
          <div className="flex flex-wrap items-center gap-3">
            <DraftStatusBadge status={row.status} />
            {row.invoiceNumber ? (
              <span className="text-sm" data-testid="invoice-number">
                {t("detail.invoiceNumber")} <strong>{row.invoiceNumber}</strong>
                {row.invoiceUrl ? (
                  <a href={row.invoiceUrl} target="_blank" rel="noreferrer" className="ml-2 text-brand-700 hover:underline">
                    {t("detail.openInAccounting")}
                  </a>
                ) : null}
              </span>
            ) : null}
            {row.reentry ? <Badge tone="warning">{t("detail.reentry")}</Badge> : null}
            {row.mismatch ? <Badge tone="danger">{t("detail.mismatch")}</Badge> : null}
            <span className="text-xs text-slate-500">{t("detail.ruleVersion", { version: ruleVersion?.version ?? "—", provider: row.provider ?? t("detail.noProvider") })}</span>
          </div>
          <DraftActions
            draftId={row.id}
            status={row.status}
            blockedReasons={draft.issues.filter((i) => i.severity === "blocking").map((i) => pickLocalized(i, locale))}
            canApprove={can(user.roles, "invoices.approve")}
            canEdit={can(user.roles, "invoices.edit")}
            canPost={can(user.roles, "invoices.post")}
            writebackFailed={!!row.writebackError && !row.writebackAt}
          />
        </CardContent>
        {row.lastPostError && row.status !== "posted" ? (
          <CardContent className="border-t border-slate-100 text-sm text-red-700" data-testid="post-error">
            {localizePostError(row.lastPostError, locale)}
          </CardContent>
        ) : null}
        {row.rejectedReason && row.status === "rejected" ? (
          <CardContent className="border-t border-slate-100 text-sm">{t.rich("detail.rejectedReason", { reason: row.rejectedReason, data })}</CardContent>
        ) : null}
      </Card>

      {mismatches.length > 0 ? (
        <Card className="mb-4 border-red-200">
          <CardHeader>
            <CardTitle>{t("detail.mismatchTitle")}</CardTitle>
          </CardHeader>
          <CardContent>
            <ul className="list-disc pl-5 text-sm">
              {mismatches.map((m) => (
                <li key={m.field}>{mismatchText(m)}</li>
              ))}
            </ul>
          </CardContent>
        </Card>
      ) : null}

      <div className="mb-4 grid gap-4 lg:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>{t("deal.title")}</CardTitle>
          </CardHeader>
          <CardContent className="space-y-2 text-sm" data-testid="deal-side">
            {bundle ? (
              <>
                <div>
                  {t("deal.name")} {data(bundle.deal.name)}
                </div>
                <div>
                  {t("deal.amount")} {bundle.deal.amountYen !== null ? formatYen(bundle.deal.amountYen) : (bundle.deal.amount ?? "—")} {bundle.deal.currency && bundle.deal.currency !== "JPY" ? bundle.deal.currency : ""}
                </div>
                <div>
                  {t("deal.closeDate")} {formatDate(bundle.deal.closeDate, locale)}
                </div>
                <div>
                  {t("deal.company")} {bundle.company?.name ? data(bundle.company.name) : "—"}
                </div>
                <div>
                  {t("deal.registrationNumber")} {bundle.company?.registrationNumber ?? "—"}
                </div>
                <div>
                  {t("deal.owner")} {bundle.owner ? data([bundle.owner.lastName, bundle.owner.firstName].filter(Boolean).join(" ") || bundle.owner.email) : "—"}
                </div>
                <Table>
                  <thead>
                    <tr>
                      <Th>{t("deal.lineItem")}</Th>
                      <Th className="text-right">{t("deal.quantity")}</Th>
                      <Th className="text-right">{t("deal.unitPrice")}</Th>
                      <Th>{t("deal.taxRate")}</Th>
                    </tr>
                  </thead>
                  <tbody>
                    {bundle.lineItems.length === 0 ? (
                      <tr>
                        <Td colSpan={4} className="text-slate-500">
                          {t("deal.noLineItems")}
                        </Td>
                      </tr>
                    ) : (
                      bundle.lineItems.map((li) => (
                        <tr key={li.id}>
                          <Td>{data(li.name)}</Td>
                          <Td className="text-right">{li.quantity}</Td>
                          <Td className="text-right tabular-nums">{formatCrmYen(li.unitPrice)}</Td>
                          <Td>{li.taxRate !== null ? `${li.taxRate}%` : "—"}</Td>
                        </tr>
                      ))
                    )}
                  </tbody>
                </Table>
              </>
            ) : (
              <p className="text-slate-500">{t("deal.notMirrored")}</p>
            )}
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>{t("draft.title")}</CardTitle>
          </CardHeader>
          <CardContent className="space-y-3 text-sm" data-testid="draft-side">
            <div>
              {t("draft.partner")}{" "}
              {draft.partner ? t.rich("draft.partnerValue", { name: draft.partner.name, id: draft.partner.id, data }) : <span className="text-amber-700">{t("draft.partnerMissing")}</span>}
            </div>
            <div>
              {t("draft.subject")} {data(draft.subject)}
            </div>
            <div>
              {t("draft.billingDate")} {formatDate(draft.billingDate, locale)}
              {t("draft.separator")}
              {t("draft.dueDate")} <span data-testid="due-date">{formatDate(draft.dueDate, locale)}</span>
            </div>
            <DraftDatesEditor draftId={row.id} billingDate={draft.billingDate} dueDate={draft.dueDate} editable={editable} />
            <DraftLinesEditor draftId={row.id} lines={draft.lines} editable={editable} taxEntryLabel={lineEntry} />
            {draft.reducedRateLegend ? <p className="text-xs">{pickLocalized(draft.reducedRateLegend, locale)}</p> : null}
            {draft.notes ? <p className="whitespace-pre-wrap text-xs text-slate-600">{t.rich("draft.notes", { notes: draft.notes, data })}</p> : null}
          </CardContent>
        </Card>
      </div>

      <div className="mb-4 grid gap-4 lg:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>{t("taxSummary.title")}</CardTitle>
          </CardHeader>
          <CardContent>
            <Table data-testid="tax-summary">
              <thead>
                <tr>
                  <Th>{t("taxSummary.rate")}</Th>
                  <Th className="text-right">{t("taxSummary.subtotal")}</Th>
                  <Th className="text-right">{t("taxSummary.tax")}</Th>
                  <Th className="text-right">{t("taxSummary.total")}</Th>
                </tr>
              </thead>
              <tbody>
                {draft.taxSummary.map((r) => (
                  <tr key={r.rate}>
                    <Td>
                      {r.rate}%{r.reducedRate ? t("taxSummary.reducedRate") : ""}
                    </Td>
                    <Td className="text-right tabular-nums">{formatYen(r.subtotal)}</Td>
                    <Td className="text-right tabular-nums">{formatYen(r.tax)}</Td>
                    <Td className="text-right tabular-nums">{formatYen(r.total)}</Td>
                  </tr>
                ))}
                <tr className="font-semibold">
                  <Td>{t("taxSummary.sum")}</Td>
                  <Td className="text-right tabular-nums">{formatYen(draft.subtotal)}</Td>
                  <Td className="text-right tabular-nums">{formatYen(draft.tax)}</Td>
                  <Td className="text-right tabular-nums" data-testid="draft-total">
                    {formatYen(draft.total)}
                  </Td>
                </tr>
              </tbody>
            </Table>
            <p className="mt-2 text-xs text-slate-500">{t("taxSummary.rounding", { rounding: pickLocalized(ROUNDING_LABELS[draft.rounding], locale), entry })}</p>
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>{t("due.title")}</CardTitle>
          </CardHeader>
          <CardContent className="text-sm">
            <p className="mb-2">
              {t("due.terms", {
                terms: pickLocalized(draft.dueDateDerivation.termsLabel, locale),
                source: t(draft.dueDateDerivation.termsSource === "company" ? "due.company" : "due.default"),
              })}
            </p>
            <ol className="list-decimal space-y-1 pl-5" data-testid="due-derivation">
              <li>{pickLocalized(draft.dueDateDerivation.billingDateExplanation, locale)}</li>
              {draft.dueDateDerivation.steps.map((s) => (
                <li key={s.step}>{pickLocalized(s, locale)}</li>
              ))}
            </ol>
          </CardContent>
        </Card>
      </div>

      <Card className="mb-4">
        <CardHeader>
          <CardTitle>{t("checks.title")}</CardTitle>
        </CardHeader>
        <CardContent>
          {draft.issues.length === 0 ? (
            <p className="text-sm text-emerald-700">{t("checks.none")}</p>
          ) : (
            <ul className="space-y-1 text-sm" data-testid="draft-issues">
              {draft.issues.map((i, n) => (
                <li key={`${i.code}-${n}`} className="flex gap-2">
                  <Badge tone={i.severity === "blocking" ? "danger" : "warning"}>{i.severity === "blocking" ? t("checks.blocking") : t("checks.warning")}</Badge>
                  <span>{pickLocalized(i, locale)}</span>
                </li>
              ))}
            </ul>
          )}
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>{t("history.title")}</CardTitle>
        </CardHeader>
        <CardContent className="space-y-3">
          <Table data-testid="draft-history">
            <thead>
              <tr>
                <Th>{t("history.at")}</Th>
                <Th>{t("history.action")}</Th>
                <Th>{t("history.actor")}</Th>
              </tr>
            </thead>
            <tbody>
              {audit.map((a) => (
                <tr key={a.id}>
                  <Td className="whitespace-nowrap">{formatDateTime(a.at, locale)}</Td>
                  <Td>{auditLabel(a.action)}</Td>
                  <Td>{a.actorLabel === "system" ? t("history.system") : data(a.actorLabel)}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
          {attempts.length > 0 ? (
            <Table>
              <thead>
                <tr>
                  <Th>{t("history.attempt")}</Th>
                  <Th>{t("history.started")}</Th>
                  <Th>{t("history.result")}</Th>
                  <Th>{t("history.details")}</Th>
                </tr>
              </thead>
              <tbody>
                {attempts.map((a) => (
                  <tr key={a.id}>
                    <Td>#{a.attemptNo}</Td>
                    <Td className="whitespace-nowrap">{formatDateTime(a.startedAt, locale)}</Td>
                    <Td>{attemptLabel(a.status)}</Td>
                    <Td className="text-xs">{a.error ? localizePostError(a.error, locale) : (a.invoiceNumber ?? "")}</Td>
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

"use client";

import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Table, Td, Th } from "@/components/ui/table";
import { approveDraftsAction } from "@/lib/actions/invoices";
import { formatDate, formatYen } from "@/lib/format";
import { toLocale } from "@/lib/i18n/locale";
import { DraftStatusBadge } from "./status-badge";
import { useActionMessage } from "./use-action-message";

export type QueueFlag = "mismatch" | "reentry" | "postError";

export type QueueRow = {
  id: string;
  dealName: string;
  companyName: string;
  partnerName: string | null;
  owner: string | null;
  billingDate: string;
  dueDate: string;
  total: number;
  status: string;
  invoiceNumber: string | null;
  provider: string | null;
  flags: QueueFlag[];
};

export function InvoiceQueue({ rows, canApprove }: { rows: QueueRow[]; canApprove: boolean }) {
  const t = useTranslations("invoices.queue");
  const locale = toLocale(useLocale());
  const actionMessage = useActionMessage();
  const router = useRouter();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [messages, setMessages] = useState<string[]>([]);
  const [pending, start] = useTransition();
  const approvable = rows.filter((r) => r.status === "draft");
  const toggle = (id: string, on: boolean) => setSelected((s) => (on ? new Set(s).add(id) : new Set([...s].filter((x) => x !== id))));

  const approve = () =>
    start(async () => {
      const result = await approveDraftsAction({ draftIds: [...selected] });
      if (!result.ok) {
        setMessages([actionMessage(result)]);
        return;
      }
      const failed = result.data.filter((r) => !r.ok);
      setMessages([
        t("approved", { count: result.data.length - failed.length }),
        ...failed.map((f) => t("failedRow", { deal: rows.find((r) => r.id === f.draftId)?.dealName ?? f.draftId, message: f.message ?? "" })),
      ]);
      setSelected(new Set());
      router.refresh();
    });

  return (
    <div className="space-y-3">
      {canApprove ? (
        <div className="flex flex-wrap items-center gap-3">
          <Button size="sm" disabled={pending || selected.size === 0} onClick={approve} data-testid="bulk-approve">
            {t("approveSelected", { count: selected.size })}
          </Button>
          <span className="text-xs text-slate-500">{t("approveHint")}</span>
        </div>
      ) : null}
      {messages.length > 0 ? (
        <ul className="rounded-md border border-slate-200 bg-slate-50 p-3 text-sm" role="status">
          {messages.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      ) : null}
      <Table data-testid="invoice-queue">
        <thead>
          <tr>
            {canApprove ? (
              <Th>
                <input
                  type="checkbox"
                  aria-label={t("selectAll")}
                  checked={approvable.length > 0 && approvable.every((r) => selected.has(r.id))}
                  onChange={(e) => setSelected(e.target.checked ? new Set(approvable.map((r) => r.id)) : new Set())}
                />
              </Th>
            ) : null}
            <Th>{t("columns.deal")}</Th>
            <Th>{t("columns.partner")}</Th>
            <Th>{t("columns.owner")}</Th>
            <Th>{t("columns.billingDate")}</Th>
            <Th>{t("columns.dueDate")}</Th>
            <Th className="text-right">{t("columns.total")}</Th>
            <Th>{t("columns.status")}</Th>
            <Th>{t("columns.invoiceNumber")}</Th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <Td colSpan={9} className="py-8 text-center text-slate-500">
                {t("empty")}
              </Td>
            </tr>
          ) : null}
          {rows.map((r) => (
            <tr key={r.id} data-testid="queue-row">
              {canApprove ? (
                <Td>
                  <input type="checkbox" aria-label={t("selectRow", { deal: r.dealName })} disabled={r.status !== "draft"} checked={selected.has(r.id)} onChange={(e) => toggle(r.id, e.target.checked)} />
                </Td>
              ) : null}
              <Td>
                {/* Names are data (translate="no"): kept as entered, and never machine-translated by the browser. */}
                <Link href={`/invoices/${r.id}`} className="font-medium text-brand-700 hover:underline" translate="no">
                  {r.dealName}
                </Link>
                {r.flags.length > 0 ? <div className="text-xs text-amber-700">{r.flags.map((f) => t(`flags.${f}`)).join(t("flagSeparator"))}</div> : null}
              </Td>
              <Td>
                {r.partnerName ? (
                  <span translate="no">{r.partnerName}</span>
                ) : (
                  <span className="text-amber-700">{t.rich("notLinked", { company: r.companyName, data: (chunks) => <span translate="no">{chunks}</span> })}</span>
                )}
              </Td>
              <Td>{r.owner ? <span translate="no">{r.owner}</span> : "—"}</Td>
              <Td className="whitespace-nowrap">{formatDate(r.billingDate, locale)}</Td>
              <Td className="whitespace-nowrap">{formatDate(r.dueDate, locale)}</Td>
              <Td className="text-right tabular-nums">{formatYen(r.total)}</Td>
              <Td>
                <DraftStatusBadge status={r.status} />
              </Td>
              <Td>{r.invoiceNumber ?? "—"}</Td>
            </tr>
          ))}
        </tbody>
      </Table>
    </div>
  );
}

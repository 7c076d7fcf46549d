"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Table, Td, Th } from "@/components/ui/table";
import { approveDraftsAction } from "@/lib/actions/invoices";
import { formatYen } from "@/lib/format";
import { DraftStatusBadge } from "./status-badge";

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
  flags: string[];
};

export function InvoiceQueue({ rows, canApprove }: { rows: QueueRow[]; canApprove: boolean }) {
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
        setMessages([result.message]);
        return;
      }
      const failed = result.data.filter((r) => !r.ok);
      setMessages([`${result.data.length - failed.length}件を承認しました。`, ...failed.map((f) => `${rows.find((r) => r.id === f.draftId)?.dealName ?? f.draftId}: ${f.message}`)]);
      setSelected(new Set());
      router.refresh();
    });

  return (
    <div className="space-y-3">
      {canApprove ? (
        <div className="flex flex-wrap items-center gap-3">
          <Button size="sm" disabled={pending || selected.size === 0} onClick={approve} data-testid="bulk-approve">
            選択した{selected.size}件を承認
          </Button>
          <span className="text-xs text-slate-500">承認すると会計ソフトへの登録が自動で始まります。要対応の下書きは承認できません。</span>
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
                  aria-label="承認待ちをすべて選択"
                  checked={approvable.length > 0 && approvable.every((r) => selected.has(r.id))}
                  onChange={(e) => setSelected(e.target.checked ? new Set(approvable.map((r) => r.id)) : new Set())}
                />
              </Th>
            ) : null}
            <Th>案件</Th>
            <Th>取引先</Th>
            <Th>担当</Th>
            <Th>請求日</Th>
            <Th>支払期日</Th>
            <Th className="text-right">合計（税込）</Th>
            <Th>状態</Th>
            <Th>請求書番号</Th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <Td colSpan={9} className="py-8 text-center text-slate-500">
                該当する請求書の下書きはありません。
              </Td>
            </tr>
          ) : null}
          {rows.map((r) => (
            <tr key={r.id} data-testid="queue-row">
              {canApprove ? (
                <Td>
                  <input type="checkbox" aria-label={`${r.dealName}を選択`} disabled={r.status !== "draft"} checked={selected.has(r.id)} onChange={(e) => toggle(r.id, e.target.checked)} />
                </Td>
              ) : null}
              <Td>
                <Link href={`/invoices/${r.id}`} className="font-medium text-brand-700 hover:underline">
                  {r.dealName}
                </Link>
                {r.flags.length > 0 ? <div className="text-xs text-amber-700">{r.flags.join("・")}</div> : null}
              </Td>
              <Td>{r.partnerName ?? <span className="text-amber-700">未紐付け（{r.companyName}）</span>}</Td>
              <Td>{r.owner ?? "—"}</Td>
              <Td>{r.billingDate}</Td>
              <Td>{r.dueDate}</Td>
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

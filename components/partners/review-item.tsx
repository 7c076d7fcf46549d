"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { confirmLinkAction, createPartnerAction, linkPartnerAction, rejectLinkAction, retrySyncAction } from "@/lib/actions/partners";
import type { ReviewRowView } from "@/lib/partners/review-screen";
import { PartnerPicker } from "./partner-picker";
import { PartyCard } from "./party-card";

const METHOD_LABELS: Record<string, string> = {
  identifier: "番号一致",
  auto: "名称一致（自動）",
  review: "名称の候補を確認",
  manual: "手動で選択",
  created: "新規作成",
};

type Result = { ok: true } | { ok: false; message: string };

/** One CRM company on the review screen: side by side with its suggested (or linked) partner, and the decisions. */
export function ReviewItem({ row, accountingConnectionId, canReview }: { row: ReviewRowView; accountingConnectionId: string; canReview: boolean }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [picking, setPicking] = useState(false);

  const run = (action: () => Promise<Result>) =>
    start(async () => {
      const result = await action();
      if (!result.ok) setError(result.message);
      else {
        setError(null);
        setPicking(false);
        router.refresh();
      }
    });

  const open = row.status === "suggested" && row.partner !== null;
  const linked = row.status === "confirmed";
  const unmatched = !linked && !open;

  return (
    <article aria-label={row.company.name} data-company-id={row.companyId} className="rounded-lg border border-slate-200 bg-white p-4">
      <div className="mb-2 flex flex-wrap items-center gap-2">
        {linked ? <Badge tone="success">紐付け済み</Badge> : open ? <Badge tone={row.decision === "auto" ? "info" : "warning"}>{row.decision === "auto" ? "自動一致" : "要確認"}</Badge> : <Badge>未一致</Badge>}
        {row.method ? <Badge>{METHOD_LABELS[row.method] ?? row.method}</Badge> : null}
        {row.confidence !== null ? <span className="text-xs text-slate-500">信頼度 {Math.round(row.confidence * 100)}%</span> : null}
        {row.pendingCreation ? <Badge tone="warning">会計ソフトに作成待ち</Badge> : null}
        {linked && row.lastSyncedAt ? <span className="text-xs text-slate-500">同期済み</span> : null}
      </div>
      <div className="flex flex-col gap-3 md:flex-row">
        <PartyCard title="HubSpot の会社" party={row.company} empty="" href={row.hubspotUrl} />
        <PartyCard
          title="会計ソフトの取引先"
          party={row.partner}
          empty={row.pendingCreation ? "同期ジョブが取引先を作成します。" : "一致する取引先がありません。別の取引先を選ぶか、新規作成してください。"}
        />
      </div>
      {row.reasons.length > 0 ? (
        <ul className="mt-2 list-disc pl-5 text-xs text-slate-600">
          {row.reasons.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      ) : null}
      {row.syncError ? (
        <p role="alert" className="mt-2 rounded-md bg-red-50 p-2 text-sm text-red-700">
          {row.syncError}{" "}
          <a href={row.hubspotUrl} target="_blank" rel="noreferrer" className="underline">
            HubSpot で修正 / Fix in HubSpot
          </a>
        </p>
      ) : null}
      {unmatched && !linked ? <p className="mt-2 text-xs text-slate-500">確認が済むまで、この会社は会計ソフトに同期されません。/ Not synced until reviewed.</p> : null}
      {error ? (
        <p role="alert" className="mt-2 text-sm text-red-700">
          {error}
        </p>
      ) : null}
      {canReview ? (
        <div className="mt-3 flex flex-wrap gap-2">
          {open ? (
            <>
              <Button size="sm" disabled={pending} onClick={() => run(() => confirmLinkAction({ linkId: row.linkId }))}>
                確定
              </Button>
              <Button size="sm" variant="secondary" disabled={pending} onClick={() => run(() => rejectLinkAction({ linkId: row.linkId }))}>
                却下
              </Button>
            </>
          ) : null}
          {!linked ? (
            <>
              <Button size="sm" variant="secondary" disabled={pending} onClick={() => setPicking((v) => !v)}>
                別の取引先を選ぶ
              </Button>
              <Button size="sm" variant="secondary" disabled={pending} onClick={() => run(() => createPartnerAction({ accountingConnectionId, companyId: row.companyId }))}>
                新規作成
              </Button>
            </>
          ) : (
            <Button size="sm" variant="ghost" disabled={pending || !row.linkId} onClick={() => run(() => retrySyncAction({ linkId: row.linkId }))}>
              再同期
            </Button>
          )}
        </div>
      ) : null}
      {!linked && row.candidates.length > 0 && canReview ? (
        <div className="mt-2 text-sm">
          <p className="text-xs text-slate-500">ほかの候補</p>
          <ul className="mt-1 space-y-1">
            {row.candidates.map((c) => (
              <li key={c.partnerId} className="flex items-center gap-2">
                <span>{c.name}</span>
                <span className="text-xs text-slate-500">{Math.round(c.confidence * 100)}%</span>
                <Button size="sm" variant="ghost" disabled={pending} onClick={() => run(() => linkPartnerAction({ accountingConnectionId, companyId: row.companyId, partnerId: c.partnerId }))}>
                  この取引先に紐付け
                </Button>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {picking ? (
        <PartnerPicker
          accountingConnectionId={accountingConnectionId}
          initialQuery={row.company.name.replace(/株式会社|有限会社|合同会社|\(株\)|㈱/g, "").trim()}
          disabled={pending}
          onPick={(partnerId) => run(() => linkPartnerAction({ accountingConnectionId, companyId: row.companyId, partnerId }))}
        />
      ) : null}
    </article>
  );
}

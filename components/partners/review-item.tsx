"use client";

import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import type { ActionFailure } from "@/lib/auth/guards";
import { confirmLinkAction, createPartnerAction, linkPartnerAction, rejectLinkAction, retrySyncAction } from "@/lib/actions/partners";
import type { ReviewRowView } from "@/lib/partners/review-screen";
import { matchReasonText, syncErrorText } from "@/lib/partners/review-texts";
import { PartnerPicker } from "./partner-picker";
import { PartyCard } from "./party-card";

const METHODS = new Set(["identifier", "auto", "review", "manual", "created"]);

type Result = { ok: true } | ({ ok: false } & ActionFailure);

/** One CRM company on the review screen: side by side with its suggested (or linked) partner, and the decisions. */
export function ReviewItem({ row, accountingConnectionId, canReview }: { row: ReviewRowView; accountingConnectionId: string; canReview: boolean }) {
  const t = useTranslations("partners");
  const locale = useLocale() === "en" ? "en" : "ja";
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
    <article aria-label={row.company.name ?? t("party.unnamedCompany")} data-company-id={row.companyId} className="rounded-lg border border-slate-200 bg-white p-4">
      <div className="mb-2 flex flex-wrap items-center gap-2">
        {linked ? <Badge tone="success">{t("tabs.linked")}</Badge> : open ? <Badge tone={row.decision === "auto" ? "info" : "warning"}>{t(row.decision === "auto" ? "tabs.auto" : "tabs.review")}</Badge> : <Badge>{t("tabs.unmatched")}</Badge>}
        {row.method ? <Badge>{METHODS.has(row.method) ? t(`item.method.${row.method}`) : row.method}</Badge> : null}
        {row.confidence !== null ? <span className="text-xs text-slate-500">{t("item.confidence", { percent: Math.round(row.confidence * 100) })}</span> : null}
        {row.pendingCreation ? <Badge tone="warning">{t("item.pendingCreation")}</Badge> : null}
        {linked && row.lastSyncedAt ? <span className="text-xs text-slate-500">{t("item.synced")}</span> : null}
      </div>
      <div className="flex flex-col gap-3 md:flex-row">
        <PartyCard title={t("item.company")} party={row.company} empty="" unnamed={t("party.unnamedCompany")} href={row.hubspotUrl} />
        <PartyCard
          title={t("item.partner")}
          party={row.partner}
          unnamed={row.partner ? t("party.unnamedPartner", { id: row.partner.id }) : ""}
          empty={row.pendingCreation ? t("item.partnerPending") : t("item.noPartner")}
        />
      </div>
      {row.reasons.length > 0 ? (
        <ul aria-label={t("item.reasons")} className="mt-2 list-disc pl-5 text-xs text-slate-600">
          {row.reasons.map((r) => (
            <li key={r}>{matchReasonText(r, t)}</li>
          ))}
        </ul>
      ) : null}
      {row.syncError ? (
        <p role="alert" className="mt-2 rounded-md bg-red-50 p-2 text-sm text-red-700">
          {syncErrorText(row.syncError, t, locale)}{" "}
          <a href={row.hubspotUrl} target="_blank" rel="noreferrer" className="underline">
            {t("item.fixInHubSpot")}
          </a>
        </p>
      ) : null}
      {unmatched && !linked ? <p className="mt-2 text-xs text-slate-500">{t("item.notSynced")}</p> : null}
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
                {t("item.confirm")}
              </Button>
              <Button size="sm" variant="secondary" disabled={pending} onClick={() => run(() => rejectLinkAction({ linkId: row.linkId }))}>
                {t("item.reject")}
              </Button>
            </>
          ) : null}
          {!linked ? (
            <>
              <Button size="sm" variant="secondary" disabled={pending} onClick={() => setPicking((v) => !v)}>
                {t("item.pickAnother")}
              </Button>
              <Button size="sm" variant="secondary" disabled={pending} onClick={() => run(() => createPartnerAction({ accountingConnectionId, companyId: row.companyId }))}>
                {t("item.createNew")}
              </Button>
            </>
          ) : (
            <Button size="sm" variant="ghost" disabled={pending || !row.linkId} onClick={() => run(() => retrySyncAction({ linkId: row.linkId }))}>
              {t("item.resync")}
            </Button>
          )}
        </div>
      ) : null}
      {!linked && row.candidates.length > 0 && canReview ? (
        <div className="mt-2 text-sm">
          <p className="text-xs text-slate-500">{t("item.otherCandidates")}</p>
          <ul className="mt-1 space-y-1">
            {row.candidates.map((c) => (
              <li key={c.partnerId} className="flex items-center gap-2">
                <span>{c.name}</span>
                <span className="text-xs text-slate-500">{Math.round(c.confidence * 100)}%</span>
                <Button size="sm" variant="ghost" disabled={pending} onClick={() => run(() => linkPartnerAction({ accountingConnectionId, companyId: row.companyId, partnerId: c.partnerId }))}>
                  {t("item.linkThis")}
                </Button>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {picking ? (
        <PartnerPicker
          accountingConnectionId={accountingConnectionId}
          initialQuery={(row.company.name ?? "").replace(/株式会社|有限会社|合同会社|\(株\)|㈱/g, "").trim()}
          disabled={pending}
          onPick={(partnerId) => run(() => linkPartnerAction({ accountingConnectionId, companyId: row.companyId, partnerId }))}
        />
      ) : null}
    </article>
  );
}

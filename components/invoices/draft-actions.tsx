"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { approveDraftsAction, rejectDraftAction, reopenDraftAction, repostDraftAction, retryWriteBackAction } from "@/lib/actions/invoices";
import type { ActionResult } from "@/lib/auth/guards";
import { useActionMessage } from "./use-action-message";

type Props = {
  draftId: string;
  status: string;
  blockedReasons: string[];
  canApprove: boolean;
  canEdit: boolean;
  canPost: boolean;
  writebackFailed: boolean;
};

/** Approve / reject / re-post buttons of the detail page. The server enforces every rule again. */
export function DraftActions({ draftId, status, blockedReasons, canApprove, canEdit, canPost, writebackFailed }: Props) {
  const t = useTranslations("invoices.actions");
  const actionMessage = useActionMessage();
  const router = useRouter();
  const [message, setMessage] = useState<string | null>(null);
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState("");
  const [task, setTask] = useState(true);
  const [pending, start] = useTransition();

  const run = (fn: () => Promise<ActionResult<unknown>>, success: string) =>
    start(async () => {
      const result = await fn();
      setMessage(result.ok ? success : actionMessage(result));
      if (result.ok) router.refresh();
    });

  return (
    <div className="space-y-2">
      <div className="flex flex-wrap gap-2">
        {canApprove && (status === "draft" || status === "blocked") ? (
          <Button
            data-testid="approve"
            disabled={pending}
            onClick={() =>
              start(async () => {
                const result = await approveDraftsAction({ draftIds: [draftId] });
                if (!result.ok) return setMessage(actionMessage(result));
                const [r] = result.data;
                setMessage(r?.ok ? t("approved") : (r?.message ?? t("approveFailed")));
                router.refresh();
              })
            }
          >
            {t("approve")}
          </Button>
        ) : null}
        {canApprove && ["draft", "blocked", "approved", "post_failed"].includes(status) ? (
          <Button variant="secondary" disabled={pending} onClick={() => setRejecting((v) => !v)}>
            {t("reject")}
          </Button>
        ) : null}
        {canPost && (status === "post_failed" || status === "approved") ? (
          <Button variant="secondary" disabled={pending} onClick={() => run(() => repostDraftAction({ draftId }), t("reposted"))}>
            {t("repost")}
          </Button>
        ) : null}
        {canEdit && (status === "post_failed" || status === "approved") ? (
          <Button variant="ghost" disabled={pending} onClick={() => run(() => reopenDraftAction({ draftId }), t("reopened"))}>
            {t("reopen")}
          </Button>
        ) : null}
        {canPost && status === "posted" && writebackFailed ? (
          <Button variant="secondary" disabled={pending} onClick={() => run(() => retryWriteBackAction({ draftId }), t("writeBackQueued"))}>
            {t("writeBack")}
          </Button>
        ) : null}
      </div>
      {status === "blocked" && blockedReasons.length > 0 ? (
        <p className="text-sm text-amber-800" data-testid="blocked-reason">
          {t("blockedReasons", { reasons: blockedReasons.join(" ") })}
        </p>
      ) : null}
      {rejecting ? (
        <form
          className="flex flex-wrap items-center gap-2 rounded-md border border-slate-200 p-3"
          onSubmit={(e) => {
            e.preventDefault();
            run(() => rejectDraftAction({ draftId, reason, createHubspotTask: task }), t("rejected"));
            setRejecting(false);
          }}
        >
          <Input aria-label={t("rejectReason")} placeholder={t("rejectReason")} value={reason} onChange={(e) => setReason(e.target.value)} className="w-80" required />
          <label className="flex items-center gap-1 text-sm">
            <input type="checkbox" checked={task} onChange={(e) => setTask(e.target.checked)} />
            {t("createTask")}
          </label>
          <Button type="submit" variant="danger" size="sm" disabled={pending || reason.trim() === ""}>
            {t("confirmReject")}
          </Button>
        </form>
      ) : null}
      {message ? (
        <p className="text-sm text-slate-700" role="status" data-testid="action-message">
          {message}
        </p>
      ) : null}
    </div>
  );
}

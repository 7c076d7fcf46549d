"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { approveDraftsAction, rejectDraftAction, reopenDraftAction, repostDraftAction, retryWriteBackAction } from "@/lib/actions/invoices";

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
  const router = useRouter();
  const [message, setMessage] = useState<string | null>(null);
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState("");
  const [task, setTask] = useState(true);
  const [pending, start] = useTransition();

  const run = (fn: () => Promise<{ ok: boolean; message?: string }>, success: string) =>
    start(async () => {
      const result = await fn();
      setMessage(result.ok ? success : (result.message ?? "失敗しました"));
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
                if (!result.ok) return setMessage(result.message);
                const [r] = result.data;
                setMessage(r?.ok ? "承認しました。会計ソフトへの登録を開始します。" : (r?.message ?? "承認できませんでした"));
                router.refresh();
              })
            }
          >
            承認する
          </Button>
        ) : null}
        {canApprove && ["draft", "blocked", "approved", "post_failed"].includes(status) ? (
          <Button variant="secondary" disabled={pending} onClick={() => setRejecting((v) => !v)}>
            差し戻す
          </Button>
        ) : null}
        {canPost && (status === "post_failed" || status === "approved") ? (
          <Button variant="secondary" disabled={pending} onClick={() => run(() => repostDraftAction({ draftId }), "再送信を開始しました。")}>
            再送信
          </Button>
        ) : null}
        {canEdit && (status === "post_failed" || status === "approved") ? (
          <Button variant="ghost" disabled={pending} onClick={() => run(() => reopenDraftAction({ draftId }), "承認を取り消しました。修正できます。")}>
            承認を取り消して修正
          </Button>
        ) : null}
        {canPost && status === "posted" && writebackFailed ? (
          <Button variant="secondary" disabled={pending} onClick={() => run(() => retryWriteBackAction({ draftId }), "HubSpot への書き戻しを再試行します。")}>
            HubSpot に書き戻す
          </Button>
        ) : null}
      </div>
      {status === "blocked" && blockedReasons.length > 0 ? (
        <p className="text-sm text-amber-800" data-testid="blocked-reason">
          承認できない理由: {blockedReasons.join(" ")}
        </p>
      ) : null}
      {rejecting ? (
        <form
          className="flex flex-wrap items-center gap-2 rounded-md border border-slate-200 p-3"
          onSubmit={(e) => {
            e.preventDefault();
            run(() => rejectDraftAction({ draftId, reason, createHubspotTask: task }), "差し戻しました。");
            setRejecting(false);
          }}
        >
          <Input aria-label="差し戻しの理由" placeholder="差し戻しの理由" value={reason} onChange={(e) => setReason(e.target.value)} className="w-80" required />
          <label className="flex items-center gap-1 text-sm">
            <input type="checkbox" checked={task} onChange={(e) => setTask(e.target.checked)} />
            商談の担当者に HubSpot タスクを作成
          </label>
          <Button type="submit" variant="danger" size="sm" disabled={pending || reason.trim() === ""}>
            差し戻しを確定
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

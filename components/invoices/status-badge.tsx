import { Badge } from "@/components/ui/badge";

export const DRAFT_STATUS_LABELS: Record<string, string> = {
  draft: "承認待ち",
  blocked: "要対応（承認不可）",
  approved: "承認済み（送信待ち）",
  rejected: "差し戻し",
  posting: "送信中",
  posted: "登録済み",
  post_failed: "送信失敗",
};

const TONES: Record<string, "neutral" | "info" | "success" | "warning" | "danger"> = {
  draft: "info",
  blocked: "warning",
  approved: "info",
  rejected: "neutral",
  posting: "info",
  posted: "success",
  post_failed: "danger",
};

export function DraftStatusBadge({ status }: { status: string }) {
  return (
    <Badge tone={TONES[status] ?? "neutral"} data-testid="draft-status">
      {DRAFT_STATUS_LABELS[status] ?? status}
    </Badge>
  );
}

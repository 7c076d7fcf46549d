import { useTranslations } from "next-intl";
import { Badge } from "@/components/ui/badge";

/** Every draft status, in the order the queue's filter lists them. */
export const DRAFT_STATUSES = ["draft", "blocked", "approved", "rejected", "posting", "posted", "post_failed"] as const;
export type DraftStatus = (typeof DRAFT_STATUSES)[number];

export const isDraftStatus = (value: string): value is DraftStatus => (DRAFT_STATUSES as readonly string[]).includes(value);

const TONES: Record<DraftStatus, "neutral" | "info" | "success" | "warning" | "danger"> = {
  draft: "info",
  blocked: "warning",
  approved: "info",
  rejected: "neutral",
  posting: "info",
  posted: "success",
  post_failed: "danger",
};

export function DraftStatusBadge({ status }: { status: string }) {
  const t = useTranslations("invoices.status");
  return (
    <Badge tone={isDraftStatus(status) ? TONES[status] : "neutral"} data-testid="draft-status">
      {isDraftStatus(status) ? t(status) : status}
    </Badge>
  );
}

/**
 * Board data shapes, shared by the service (lib/board), the API routes and the client components. Plain JSON:
 * money is integer yen, dates are JST calendar dates "YYYY-MM-DD", instants ISO strings.
 */
export const BOARD_COLUMNS = ["won", "invoiced", "awaiting", "paid"] as const;
export type BoardColumn = (typeof BOARD_COLUMNS)[number];

export type DraftStatus = "draft" | "blocked" | "approved" | "rejected" | "posting" | "posted" | "post_failed";
export type PaymentStatus = "unpaid" | "partially_paid" | "paid" | "cancelled";

/** Why a card cannot move on by itself. */
export type StuckReason =
  | { kind: "blocked"; issues: { ja: string; en: string }[] }
  | { kind: "post_failed"; error: string | null }
  | { kind: "rejected"; reason: string | null }
  | { kind: "sync_failure"; reason: string }
  | { kind: "invoice_cancelled" };

/** What the card says about the integration step it is at. */
export type IntegrationState = "no_draft" | "draft" | "blocked" | "approved" | "posting" | "post_failed" | "rejected" | "posted" | "partially_paid" | "paid" | "cancelled";

export type BoardCard = {
  connectionId: string;
  dealId: string;
  column: BoardColumn;
  dealName: string;
  companyName: string | null;
  ownerId: string | null;
  ownerName: string | null;
  /** Column-dependent: deal amount (won), invoice total (invoiced), outstanding (awaiting), paid amount (paid). */
  amount: number;
  closeDate: string | null;
  wonAt: string | null;
  draftId: string | null;
  draftStatus: DraftStatus | null;
  invoiceNumber: string | null;
  billingDate: string | null;
  dueDate: string | null;
  paidOn: string | null;
  /** Days past the due date (0 on the due date) for unpaid posted invoices; null otherwise. */
  daysLate: number | null;
  provider: string | null;
  state: IntegrationState;
  stuck: StuckReason | null;
};

export type ColumnSummary = { column: BoardColumn; count: number; total: number };

export type DataAsOf = { provider: string; connectionId: string; name: string | null; lastSuccessAt: string | null; lastError: string | null };

export type BoardFilterOptions = {
  owners: { id: string; label: string }[];
  pipelines: { id: string; label: string }[];
  accountingTargets: { id: string; label: string; provider: string }[];
};

export type BoardData = {
  filters: BoardFilters;
  /** "Today" the classification used (JST). */
  today: string;
  columns: Record<BoardColumn, { summary: ColumnSummary; cards: BoardCard[]; nextOffset: number | null }>;
  dataAsOf: DataAsOf[];
  /** True when the viewer only sees their own deals (sales without deals.viewAll, or "my deals" ticked). */
  mine: boolean;
  generatedAt: string;
};

export type ColumnPage = { column: BoardColumn; cards: BoardCard[]; nextOffset: number | null };

export type TimelineStep = {
  key: "won" | "draft" | "approved" | "posted" | "paid" | "rejected" | "post_failed";
  done: boolean;
  at: string | null;
  /** Who did it (approval, rejection), or the source (webhook / poll) for won. */
  by: string | null;
  detail: string | null;
};

export type DealTimeline = {
  card: BoardCard;
  steps: TimelineStep[];
  hubspotUrl: string | null;
  accountingUrl: string | null;
  invoiceDraftUrl: string | null;
  syncFailures: { object: string; reason: string; lastFailedAt: string }[];
};

export type PeriodPreset = "this_month" | "last_month" | "this_quarter" | "last_90_days" | "this_year" | "custom";

export type BoardFilters = {
  period: PeriodPreset;
  /** The paid column's window on the payment date (inclusive), resolved from the preset in JST. */
  from: string;
  to: string;
  ownerId: string | null;
  pipelineId: string | null;
  /** An accounting connection id, or "freee" / "moneyforward". */
  target: string | null;
  minAmount: number | null;
  maxAmount: number | null;
  q: string | null;
  mine: boolean;
};

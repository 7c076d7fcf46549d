/**
 * Overdue list shapes, shared by the service (lib/overdue), the route handlers and the client components. Plain JSON:
 * money is integer yen, dates are JST calendar dates "YYYY-MM-DD", instants ISO strings.
 */
import type { AgingBucket, FollowUpChannel } from "./constants";
import type { NextAction } from "./next-action";

export type OverdueSortKey = "days_late" | "amount" | "due_date";
export type SortDirection = "asc" | "desc";

export type OverdueFilters = {
  bucket: AgingBucket | null;
  ownerId: string | null;
  /** Only the viewer's own deals (always true for sales, who cannot see others'). */
  mine: boolean;
  q: string | null;
  /** Only invoices whose promised payment date (入金予定日) passed unpaid. */
  brokenPromise: boolean;
  sort: OverdueSortKey;
  dir: SortDirection;
  /** 1-based. */
  page: number;
};

export type OverdueItem = {
  connectionId: string;
  dealId: string;
  dealName: string;
  companyName: string | null;
  ownerId: string | null;
  ownerName: string | null;
  invoiceNumber: string | null;
  billingDate: string | null;
  dueDate: string;
  daysLate: number;
  bucket: AgingBucket;
  /** Invoice total (tax included) and what is still unpaid of it. */
  total: number;
  outstanding: number;
  paidAmount: number;
  lastPaidOn: string | null;
  provider: string | null;
  hubspotUrl: string | null;
  accountingUrl: string | null;
  followUps: {
    count: number;
    lastContactOn: string | null;
    lastChannel: FollowUpChannel | null;
    lastMemo: string | null;
    lastContactBy: string | null;
    promisedOn: string | null;
    brokenPromise: boolean;
  };
  next: NextAction;
};

export type BucketSummary = { count: number; outstanding: number };

export type OverdueSummary = { count: number; outstanding: number; buckets: Record<AgingBucket, BucketSummary> };

export type OverdueList = {
  /** The filters as applied (after the viewer's scope). */
  filters: OverdueFilters;
  today: string;
  /** Invoices due on or before this date are overdue today (bank holidays considered). */
  cutoff: string;
  /** Every bucket under the owner / search / promise filters (not the bucket filter). */
  summary: OverdueSummary;
  /** Rows under every filter (what the pages cover). */
  total: number;
  page: number;
  pageSize: number;
  pageCount: number;
  items: OverdueItem[];
  /** True when the list is limited to the viewer's own deals. */
  mine: boolean;
  /** Overdue invoices issued directly in the accounting product (no deal): for roles that see every deal, else null. */
  outside: { count: number; outstanding: number } | null;
  generatedAt: string;
};

export type FollowUpEntry = {
  id: string;
  contactedOn: string;
  channel: FollowUpChannel;
  memo: string;
  promisedOn: string | null;
  invoiceNumber: string | null;
  createdByName: string;
  createdAt: string;
};

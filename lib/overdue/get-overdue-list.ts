import "server-only";
import type { DbOrTx } from "@/db/client";
import { followUpTarget, listFollowUps, overdueOutsideKakehashi, overduePage, overdueTotals, type OverdueQuery, type OverdueRow } from "@/db/queries/overdue";
import { can, type Role } from "@/lib/auth/permissions";
import { todayJst } from "@/lib/format";
import { AGING_BUCKETS, agingBucketOf, bucketDueRange, daysLate, overdueCutoff, type AgingBucket } from "./aging";
import { FOLLOW_UP_CHANNELS, isPromiseBroken, nextAction, type FollowUpChannel } from "./next-action";
import type { FollowUpEntry, OverdueFilters, OverdueItem, OverdueList, OverdueSummary } from "./types";

export type OverdueViewer = { roles: readonly Role[]; hubspotOwnerId: string | null };
export type OverdueLinks = { hubspotAppBaseUrl: string };

export const OVERDUE_PAGE_SIZE = 50;
/** An owner id no HubSpot owner has: a sales user without a linked owner sees an empty list, never everyone's. */
const NO_OWNER = "(no-owner)";

/**
 * The server-side scope, as on the board: without deals.viewAll (sales) the viewer only ever sees their own deals,
 * whatever the request asked for; with it, "my deals" is an opt-in filter and any owner can be picked.
 */
export function scopeOverdueFilters(viewer: OverdueViewer, requested: OverdueFilters): { filters: OverdueFilters; ownerId: string | null } {
  const mine = requested.mine || !can(viewer.roles, "deals.viewAll");
  if (!mine) return { filters: requested, ownerId: requested.ownerId };
  return { filters: { ...requested, mine, ownerId: viewer.hubspotOwnerId }, ownerId: viewer.hubspotOwnerId ?? NO_OWNER };
}

/** Whether the viewer may see (and follow up on) a deal owned by `ownerId`. */
export function canSeeDeal(viewer: OverdueViewer, ownerId: string | null): boolean {
  return can(viewer.roles, "deals.viewAll") || (viewer.hubspotOwnerId !== null && ownerId === viewer.hubspotOwnerId);
}

function toQuery(filters: OverdueFilters, ownerId: string | null, today: string): OverdueQuery {
  const range = filters.bucket ? bucketDueRange(filters.bucket, today) : null;
  return { today, cutoff: overdueCutoff(today), ownerId, dueFrom: range?.from ?? null, dueTo: range?.to ?? null, q: filters.q, brokenPromise: filters.brokenPromise };
}

export function hubspotDealUrl(base: string, portalId: string | null, dealId: string): string | null {
  return portalId ? `${base.replace(/\/$/, "")}/contacts/${portalId}/record/0-3/${encodeURIComponent(dealId)}` : null;
}

const asChannel = (v: string | null): FollowUpChannel | null => (v !== null && (FOLLOW_UP_CHANNELS as readonly string[]).includes(v) ? (v as FollowUpChannel) : null);

export function toOverdueItem(row: OverdueRow, today: string, links: OverdueLinks): OverdueItem {
  const late = daysLate(row.dueDate, today);
  const history = { count: row.followUpCount, lastContactOn: row.lastContactOn, lastChannel: asChannel(row.lastChannel), promisedOn: row.promisedOn };
  return {
    connectionId: row.connectionId,
    dealId: row.dealId,
    dealName: row.dealName ?? row.dealId,
    companyName: row.companyName,
    ownerId: row.ownerId,
    ownerName: row.ownerName,
    invoiceNumber: row.invoiceNumber,
    billingDate: row.billingDate,
    dueDate: row.dueDate,
    daysLate: late,
    bucket: agingBucketOf(late),
    total: row.total,
    outstanding: row.outstanding,
    paidAmount: row.paidAmount,
    lastPaidOn: row.lastPaidOn,
    provider: row.provider,
    hubspotUrl: hubspotDealUrl(links.hubspotAppBaseUrl, row.portalId, row.dealId),
    accountingUrl: row.accountingUrl,
    followUps: { ...history, lastMemo: row.lastMemo, lastContactBy: row.lastContactBy, brokenPromise: isPromiseBroken(row.promisedOn, row.lastPaidOn, today) },
    next: nextAction({ today, daysLate: late, outstanding: row.outstanding, paidAmount: row.paidAmount, lastPaidOn: row.lastPaidOn, history }),
  };
}

function summaryOf(rows: { bucket: string; count: number; outstanding: number }[]): OverdueSummary {
  const buckets = Object.fromEntries(AGING_BUCKETS.map((b) => [b, { count: 0, outstanding: 0 }])) as OverdueSummary["buckets"];
  for (const r of rows) if (r.bucket in buckets) buckets[r.bucket as AgingBucket] = { count: r.count, outstanding: r.outstanding };
  const all = Object.values(buckets);
  return { count: all.reduce((n, b) => n + b.count, 0), outstanding: all.reduce((n, b) => n + b.outstanding, 0), buckets };
}

/** The overdue list as the viewer may see it: summary per aging bucket, the page asked for and the page count. */
export async function getOverdueList(
  db: DbOrTx,
  viewer: OverdueViewer,
  requested: OverdueFilters,
  links: OverdueLinks,
  options: { today?: string; pageSize?: number } = {},
): Promise<OverdueList> {
  const today = options.today ?? todayJst();
  const pageSize = options.pageSize ?? OVERDUE_PAGE_SIZE;
  const { filters, ownerId } = scopeOverdueFilters(viewer, requested);
  const query = toQuery(filters, ownerId, today);
  const summary = summaryOf(await overdueTotals(db, query));
  // The totals ignore the bucket filter and group by bucket, so they already hold the filtered row count.
  const total = filters.bucket ? summary.buckets[filters.bucket].count : summary.count;
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  // A page past the end (rows were paid meanwhile) shows the last page instead of an empty one.
  const page = Math.min(filters.page, pageCount);
  const rows = await overduePage(db, query, { sort: filters.sort, dir: filters.dir, limit: pageSize, offset: (page - 1) * pageSize });
  return {
    filters: { ...filters, page },
    today,
    cutoff: query.cutoff,
    summary,
    total,
    page,
    pageSize,
    pageCount,
    items: rows.map((r) => toOverdueItem(r, today, links)),
    mine: filters.mine,
    outside: can(viewer.roles, "deals.viewAll") ? await overdueOutsideKakehashi(db, query.cutoff) : null,
    generatedAt: new Date().toISOString(),
  };
}

/** Every row under the filters, in the list's order (the CSV export; the same scope as the page). */
export async function getOverdueExport(db: DbOrTx, viewer: OverdueViewer, requested: OverdueFilters, links: OverdueLinks, options: { today?: string } = {}): Promise<{ today: string; items: OverdueItem[] }> {
  const today = options.today ?? todayJst();
  const { filters, ownerId } = scopeOverdueFilters(viewer, requested);
  const rows = await overduePage(db, toQuery(filters, ownerId, today), { sort: filters.sort, dir: filters.dir, limit: null, offset: 0 });
  return { today, items: rows.map((r) => toOverdueItem(r, today, links)) };
}

/** A deal's follow-up history, or null when the deal is not on the board or not the viewer's to see. */
export async function getFollowUpHistory(db: DbOrTx, viewer: OverdueViewer, connectionId: string, dealId: string): Promise<FollowUpEntry[] | null> {
  const target = await followUpTarget(db, connectionId, dealId);
  if (!target || !canSeeDeal(viewer, target.ownerId)) return null;
  const rows = await listFollowUps(db, connectionId, dealId);
  return rows.map((r) => ({
    id: r.id,
    contactedOn: r.contactedOn,
    channel: r.channel,
    memo: r.memo,
    promisedOn: r.promisedOn,
    invoiceNumber: r.invoiceNumber,
    createdByName: r.createdByName,
    createdAt: r.createdAt.toISOString(),
  }));
}

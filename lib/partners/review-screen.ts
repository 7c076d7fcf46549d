import "server-only";
import type { DbOrTx } from "@/db/client";
import { countReviewTabs, getPartners, latestMatchRun, listActiveConnections, listReviewRows, type ReviewTab } from "@/db/queries/partners";
import type { Connection } from "@/db/schema";
import { getLegalForm, type LegalFormPosition } from "@/lib/matching/legal-forms";
import { normalizeCompanyName } from "@/lib/matching/normalize-company-name";
import { hubspotCompanyUrl } from "./sync-company";

/**
 * Everything the 名寄せ review screen shows, as plain serialisable data (the screen's components never touch db/).
 * Data only: labels, missing names and the kind of number are worded by the screen in the reader's language.
 */

export type LegalFormView = { label: string; position: LegalFormPosition | null };

export type PartyView = {
  id: string;
  /** Null when the record has no name (or a partner not mirrored yet has no snapshot of it). */
  name: string | null;
  legalForm: LegalFormView | null;
  /** The registration number (T + 13 digits), else the 法人番号 of a company that only has that. */
  number: { kind: "registration" | "corporate"; value: string } | null;
  address: string | null;
  phone: string | null;
  code?: string | null;
};

export type ReviewRowView = {
  companyId: string;
  company: PartyView;
  hubspotUrl: string;
  linkId: string | null;
  status: "suggested" | "confirmed" | "rejected" | null;
  decision: "auto" | "review" | "none" | null;
  method: string | null;
  confidence: number | null;
  reasons: string[];
  partner: PartyView | null;
  candidates: { partnerId: string; name: string; confidence: number; reasons: string[] }[];
  syncError: string | null;
  lastSyncedAt: string | null;
  pendingCreation: boolean;
};

export type ReviewScreen = {
  crm: Connection | null;
  accountingConnections: Pick<Connection, "id" | "provider" | "externalAccountName">[];
  accounting: Connection | null;
  counts: Record<ReviewTab, number>;
  run: { id: string; status: string; counts: Record<string, number> | null; finishedAt: string | null; error: string | null } | null;
  rows: ReviewRowView[];
};

export function legalFormOf(name: string | null | undefined): LegalFormView | null {
  if (!name) return null;
  const n = normalizeCompanyName(name);
  if (!n.legalForm) return null;
  return { label: getLegalForm(n.legalForm).label, position: n.legalFormPosition ?? null };
}

const numberOf = (registration: string | null | undefined, corporate?: string | null): PartyView["number"] =>
  registration ? { kind: "registration", value: registration } : corporate ? { kind: "corporate", value: corporate } : null;

function addressOf(a: unknown, fallback: string | null): string | null {
  if (fallback) return fallback;
  const props = a as { address?: string } | null;
  return props?.address ?? null;
}

export async function loadReviewScreen(db: DbOrTx, opts: { tab: ReviewTab; query?: string; accountingConnectionId?: string | null; limit?: number; offset?: number }): Promise<ReviewScreen> {
  const active = await listActiveConnections(db);
  const crm = active.find((c) => c.provider === "hubspot") ?? null;
  const accountingConnections = active.filter((c) => c.provider === "freee" || c.provider === "moneyforward");
  const accounting = accountingConnections.find((c) => c.id === opts.accountingConnectionId) ?? accountingConnections[0] ?? null;
  const empty = { auto: 0, review: 0, unmatched: 0, linked: 0, errors: 0 };
  const base = { crm, accounting, accountingConnections: accountingConnections.map((c) => ({ id: c.id, provider: c.provider, externalAccountName: c.externalAccountName })) };
  if (!crm || !accounting) return { ...base, counts: empty, run: null, rows: [] };

  const [counts, run, rows] = await Promise.all([
    countReviewTabs(db, crm.id, accounting.id),
    latestMatchRun(db, crm.id, accounting.id),
    listReviewRows(db, { crmConnectionId: crm.id, accountingConnectionId: accounting.id, tab: opts.tab, query: opts.query, limit: opts.limit ?? 100, offset: opts.offset ?? 0 }),
  ]);
  const partnerIds = new Set<string>();
  for (const r of rows) {
    if (r.link?.partnerId) partnerIds.add(r.link.partnerId);
    for (const c of r.link?.candidates ?? []) partnerIds.add(c.partnerId);
  }
  const partners = new Map((await getPartners(db, accounting.id, [...partnerIds])).map((p) => [p.id, p]));

  return {
    ...base,
    counts,
    run: run ? { id: run.id, status: run.status, counts: run.counts ?? null, finishedAt: run.finishedAt?.toISOString() ?? null, error: run.error } : null,
    rows: rows.map((r) => {
      const link = r.link;
      const p = link?.partnerId ? partners.get(link.partnerId) : undefined;
      return {
        companyId: r.companyId,
        company: {
          id: r.companyId,
          name: r.companyName ?? null,
          legalForm: legalFormOf(r.companyName),
          number: numberOf(r.registrationNumber, r.corporateNumber),
          address: r.address,
          phone: r.phone,
        },
        hubspotUrl: hubspotCompanyUrl(crm.externalAccountId, r.companyId),
        linkId: link?.id ?? null,
        status: link?.status ?? null,
        decision: link?.decision ?? null,
        method: link?.method ?? null,
        confidence: link?.confidence ?? null,
        reasons: link?.reasons ?? [],
        partner: p
          ? { id: p.id, name: p.name, legalForm: legalFormOf(p.name), number: numberOf(p.registrationNumber), address: addressOf(p.properties, p.address), phone: p.phone, code: p.code }
          : link?.partnerId
            ? // Not mirrored yet (created or updated since the last accounting sync): what we sent is what it holds.
              {
                id: link.partnerId,
                name: link.syncedSnapshot?.name ?? null,
                legalForm: legalFormOf(link.syncedSnapshot?.name),
                number: numberOf(link.syncedSnapshot?.registrationNumber),
                address: link.syncedSnapshot?.address ?? null,
                phone: link.syncedSnapshot?.phone ?? null,
                code: link.partnerCode,
              }
            : null,
        candidates: (link?.candidates ?? [])
          .filter((c) => c.partnerId !== link?.partnerId)
          .map((c) => ({ partnerId: c.partnerId, name: partners.get(c.partnerId)?.name ?? c.partnerId, confidence: c.confidence, reasons: c.reasons })),
        syncError: link?.syncError ?? null,
        lastSyncedAt: link?.lastSyncedAt?.toISOString() ?? null,
        pendingCreation: link?.status === "confirmed" && link.method === "created" && !link.partnerId,
      };
    }),
  };
}

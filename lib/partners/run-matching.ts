import "server-only";
import type { Database, DbOrTx } from "@/db/client";
import {
  createMatchRun,
  deleteOpenSuggestions,
  getMatchRun,
  insertLinks,
  listCompaniesForMatching,
  listLinks,
  listPartnersForMatching,
  updateMatchRun,
} from "@/db/queries/partners";
import type { NewPartnerLink, PartnerMatchRun } from "@/db/schema";
import { recordAudit, type AuditActor } from "@/lib/audit/record-audit";
import { matchCompanies, type CompanyMatch } from "@/lib/matching/match-companies";
import { matchReasons } from "@/lib/matching/match-reasons";

/**
 * The migration matching run (名寄せ): every CRM company without a confirmed link against every partner not yet
 * linked. Results are stored as suggestions (decision auto / review / none) for the review screen; nothing is
 * linked here — bulk-confirming the `auto` ones is a person's decision, audited like every other.
 */

export type MatchRunCounts = { companies: number; partners: number; alreadyLinked: number; auto: number; review: number; none: number; durationMs: number };

/** How the link was found, from the matcher's result. Only an identifier match reaches confidence 1. */
export function methodOf(match: Pick<CompanyMatch, "confidence" | "decision">): "identifier" | "auto" | "review" {
  if (match.confidence >= 1) return "identifier";
  return match.decision === "auto" ? "auto" : "review";
}

export async function queueMatchRun(db: DbOrTx, input: { crmConnectionId: string; accountingConnectionId: string; actor: AuditActor }): Promise<PartnerMatchRun> {
  const run = await createMatchRun(db, {
    crmConnectionId: input.crmConnectionId,
    accountingConnectionId: input.accountingConnectionId,
    startedBy: input.actor === "system" ? null : input.actor.id,
  });
  await recordAudit(db, { actor: input.actor, action: "partners.match_run.queued", entityType: "partner_match_run", entityId: run.id, after: { crmConnectionId: input.crmConnectionId, accountingConnectionId: input.accountingConnectionId } });
  return run;
}

/**
 * Runs a queued match run. Re-running replaces the open suggestions (the mirrors may have changed); confirmed links
 * stay, and a pair a person rejected is never suggested again (the next candidate is offered for review instead).
 */
export async function runMatching(db: Database, runId: string): Promise<MatchRunCounts> {
  const run = await getMatchRun(db, runId);
  if (!run) throw new Error(`match run ${runId} not found`);
  if (run.status === "done" && run.counts) return run.counts as MatchRunCounts;
  const started = performance.now();
  await updateMatchRun(db, runId, { status: "running", error: null });
  try {
    const { crmConnectionId, accountingConnectionId } = run;
    const [companies, partners, links] = await Promise.all([
      listCompaniesForMatching(db, crmConnectionId),
      listPartnersForMatching(db, accountingConnectionId),
      listLinks(db, crmConnectionId, accountingConnectionId, ["confirmed", "rejected"]),
    ]);
    const linkedCompanies = new Set(links.filter((l) => l.status === "confirmed").map((l) => l.companyId));
    const linkedPartners = new Set(links.filter((l) => l.status === "confirmed" && l.partnerId).map((l) => l.partnerId!));
    const rejected = new Set(links.filter((l) => l.status === "rejected" && l.partnerId).map((l) => `${l.companyId}\u0000${l.partnerId}`));

    const open = companies.filter((c) => !linkedCompanies.has(c.id));
    const matches = matchCompanies(
      // The 法人番号 if the portal has one, else the digits of the registration number (T + 法人番号).
      open.map((c) => ({ id: c.id, name: c.name ?? "", corporateNumber: c.corporateNumber ?? c.registrationNumber })),
      partners.filter((p) => !linkedPartners.has(p.id)),
      { maxCandidates: 5 },
    );

    const rows: NewPartnerLink[] = matches.map((m) => suggestionRow(run, m, rejected));
    const counts: MatchRunCounts = {
      companies: companies.length,
      partners: partners.length,
      alreadyLinked: linkedCompanies.size,
      auto: rows.filter((r) => r.decision === "auto").length,
      review: rows.filter((r) => r.decision === "review").length,
      none: rows.filter((r) => r.decision === "none").length,
      durationMs: 0,
    };
    await db.transaction(async (tx) => {
      await deleteOpenSuggestions(tx, crmConnectionId, accountingConnectionId);
      await insertLinks(tx, rows);
      counts.durationMs = Math.round(performance.now() - started);
      await updateMatchRun(tx, runId, { status: "done", counts, finishedAt: new Date() });
      await recordAudit(tx, { actor: "system", action: "partners.match_run.done", entityType: "partner_match_run", entityId: runId, after: counts });
    });
    return counts;
  } catch (error) {
    await updateMatchRun(db, runId, { status: "failed", error: error instanceof Error ? error.message : String(error), finishedAt: new Date() });
    throw error;
  }
}

function suggestionRow(run: PartnerMatchRun, match: CompanyMatch, rejected: Set<string>): NewPartnerLink {
  const base = {
    crmConnectionId: run.crmConnectionId,
    companyId: match.crmId,
    accountingConnectionId: run.accountingConnectionId,
    status: "suggested" as const,
    matchRunId: run.id,
  };
  const candidates = (match.candidates ?? []).filter((c) => !rejected.has(`${match.crmId}\u0000${c.partnerId}`));
  if (match.partnerId && rejected.has(`${match.crmId}\u0000${match.partnerId}`)) {
    // A person said no to this pair: offer the next candidate for review, never automatically.
    const next = candidates.find((c) => c.confidence >= 0.5);
    return {
      ...base,
      partnerId: next?.partnerId ?? null,
      decision: next ? "review" : "none",
      method: next ? (next.confidence >= 1 ? "identifier" : "review") : null,
      confidence: next?.confidence ?? 0,
      reasons: [matchReasons.format("rejectedEarlier", { partnerId: match.partnerId }), ...(next?.reasons ?? [])],
      candidates,
    };
  }
  return {
    ...base,
    partnerId: match.decision === "none" ? null : match.partnerId,
    decision: match.decision,
    method: match.decision === "none" ? null : methodOf(match),
    confidence: match.confidence,
    reasons: match.reasons,
    candidates,
  };
}

import "server-only";
import type { Database } from "@/db/client";
import {
  finishPostingAttempt,
  findAccountingConnection,
  getConnection,
  getDraft,
  getDraftForUpdate,
  insertPostingAttempt,
  listPostingAttempts,
  updateDraft,
} from "@/db/queries/invoicing";
import type { InvoiceDraftRow } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { AccountingError } from "@/lib/integrations/accounting/errors";
import type { AccountingProvider, CreatedInvoice, InvoiceDraftInput, InvoiceLineInput, TaxRate } from "@/lib/integrations/accounting/types";

import { storedDraft } from "./load-draft";
import { fixedPostError, postErrorMessage } from "./post-error-message";
import { accountingProviderFor, ProviderUnavailableError } from "./providers";
import type { InvoiceDraft } from "./types";

/**
 * Posting an approved draft EXACTLY ONCE (job `invoicing.post-invoice`, policy stately, singletonKey = draft id).
 *
 * 1. The intent is committed first: an invoice_posting_attempts row and the draft in status `posting`. The draft's
 *    ourReference (KKH-…) was fixed when the draft was created and is written into the provider's invoice.
 * 2. If ANY earlier attempt exists (a timeout, a 5xx, a crash or a worker kill between the call and our commit — we
 *    cannot know whether the provider committed), the provider is first asked for the invoice carrying our
 *    reference; only when nothing is found is it created.
 * 3. Provider validation errors (4xx) are not retried: the message is stored on the draft (post_failed), the draft
 *    stays intact and can be re-posted after fixing. Timeouts / 5xx / 429 are retried by the job, lookup first.
 * 4. Success stores the provider id and number, then a follow-up job writes them back to HubSpot, so a HubSpot
 *    hiccup can never cause a second post.
 */
export type PostOutcome =
  | { outcome: "posted"; via: "created" | "found_existing"; invoiceNumber: string | null; providerInvoiceId: string }
  | { outcome: "already_posted" }
  | { outcome: "skipped"; status: string };

export class PostingError extends Error {
  override name = "PostingError";
  /** False: do not retry (the draft is post_failed and shows the message). */
  readonly retryable: boolean;
  constructor(message: string, retryable: boolean, options?: { cause?: unknown }) {
    super(message, options);
    this.retryable = retryable;
  }
}

const POSTABLE = new Set(["approved", "posting"]);

export async function postInvoice(
  db: Database,
  draftId: string,
  options: { jobId?: string | null; lastAttempt?: boolean } = {},
): Promise<PostOutcome> {
  // 1. Intent, committed before any provider call.
  const intent = await db.transaction(async (tx) => {
    const row = await getDraftForUpdate(tx, draftId);
    if (!row) throw new PostingError(`draft ${draftId} not found`, false);
    if (row.status === "posted") return { kind: "done" as const };
    if (!POSTABLE.has(row.status)) return { kind: "skip" as const, status: row.status };
    const connection = row.accountingConnectionId ? await getConnection(tx, row.accountingConnectionId) : await findAccountingConnection(tx, null);
    if (!connection || (connection.provider !== "freee" && connection.provider !== "moneyforward")) {
      const message = fixedPostError("noConnection");
      await updateDraft(tx, draftId, { status: "post_failed", lastPostError: message });
      return { kind: "fail" as const, message };
    }
    if (!row.partnerId) {
      const message = fixedPostError("noPartner");
      await updateDraft(tx, draftId, { status: "post_failed", lastPostError: message });
      return { kind: "fail" as const, message };
    }
    const previous = await listPostingAttempts(tx, draftId);
    const attempt = await insertPostingAttempt(tx, {
      draftId,
      ourReference: row.ourReference,
      provider: connection.provider,
      accountingConnectionId: connection.id,
      jobId: options.jobId ?? null,
      action: previous.length > 0 ? "lookup_then_create" : "create",
    });
    const updated = await updateDraft(tx, draftId, { status: "posting", accountingConnectionId: connection.id, provider: connection.provider });
    return { kind: "post" as const, row: updated, connection, attempt, lookupFirst: previous.length > 0 };
  });
  if (intent.kind === "done") return { outcome: "already_posted" };
  if (intent.kind === "skip") return { outcome: "skipped", status: intent.status };
  if (intent.kind === "fail") throw new PostingError(intent.message, false);

  const { row, connection, attempt } = intent;
  try {
    const provider = await accountingProviderFor(db, connection);
    if (intent.lookupFirst) {
      const found = await provider.findInvoiceByReference(row.ourReference, { partnerId: row.partnerId, billingDate: row.billingDate });
      if (found) return await markPosted(db, row, attempt.id, found, "found_existing");
    }
    const created = await provider.createInvoice(invoiceInputFromDraft(row, storedDraft(row), provider));
    return await markPosted(db, row, attempt.id, created, "created");
  } catch (error) {
    throw await recordFailure(db, row, attempt.id, error, options.lastAttempt ?? false);
  }
}

async function markPosted(db: Database, row: InvoiceDraftRow, attemptId: string, invoice: CreatedInvoice, via: "created" | "found_existing"): Promise<PostOutcome> {
  await db.transaction(async (tx) => {
    await finishPostingAttempt(tx, attemptId, {
      status: via === "created" ? "succeeded" : "found_existing",
      action: via === "created" ? "create" : "lookup",
      providerInvoiceId: invoice.providerInvoiceId,
      invoiceNumber: invoice.invoiceNumber,
      error: null,
    });
    await updateDraft(tx, row.id, {
      status: "posted",
      providerInvoiceId: invoice.providerInvoiceId,
      invoiceNumber: invoice.invoiceNumber,
      invoiceUrl: invoice.url,
      postedAt: new Date(),
      lastPostError: null,
    });
    await recordAudit(tx, {
      actor: "system",
      action: "invoice_draft.posted",
      entityType: "invoice_draft",
      entityId: row.id,
      before: { status: row.status },
      after: { status: "posted", via, provider: row.provider, providerInvoiceId: invoice.providerInvoiceId, invoiceNumber: invoice.invoiceNumber, total: invoice.totalAmount },
    });
  });
  return { outcome: "posted", via, invoiceNumber: invoice.invoiceNumber, providerInvoiceId: invoice.providerInvoiceId };
}

/** Records what happened and returns the error the job should throw (PostingError.retryable decides). */
async function recordFailure(db: Database, row: InvoiceDraftRow, attemptId: string, error: unknown, lastAttempt: boolean): Promise<PostingError> {
  let retryable: boolean;
  let status: "failed_unknown" | "failed_retryable" | "failed_permanent";
  let message: string;
  if (error instanceof AccountingError) {
    const detail = error.providerMessages.length > 0 ? error.providerMessages.join(" / ") : error.message;
    // invalid_response after a create may hide a committed invoice: not retried blindly, but a re-post looks up first.
    retryable = error.retryable;
    status = error.maybeCommitted || error.code === "invalid_response" ? "failed_unknown" : error.retryable ? "failed_retryable" : "failed_permanent";
    message = postErrorMessage(error.code, detail);
  } else if (error instanceof ProviderUnavailableError) {
    retryable = false;
    status = "failed_permanent";
    message = error.message;
  } else {
    // A crash of ours (or the database) in the middle: the provider may have committed; the retry looks up first.
    retryable = true;
    status = "failed_unknown";
    message = error instanceof Error ? error.message : String(error);
  }
  const giveUp = !retryable || lastAttempt;
  try {
    await db.transaction(async (tx) => {
      await finishPostingAttempt(tx, attemptId, { status, action: "create", providerInvoiceId: null, invoiceNumber: null, error: message });
      const current = await getDraft(tx, row.id);
      if (current?.status === "posted") return;
      await updateDraft(tx, row.id, { status: giveUp ? "post_failed" : "posting", lastPostError: message });
      if (giveUp) {
        await recordAudit(tx, { actor: "system", action: "invoice_draft.post_failed", entityType: "invoice_draft", entityId: row.id, before: { status: row.status }, after: { status: "post_failed", error: message } });
      }
    });
  } catch {
    // The attempt row stays "started": the next attempt still looks up first, which is all that safety needs.
  }
  return new PostingError(message, retryable && !lastAttempt, { cause: error });
}

/** The provider payload of a draft (also shown by the mapping dry-run preview). */
export function invoiceInputFromDraft(
  row: Pick<InvoiceDraftRow, "ourReference" | "partnerId" | "departmentId">,
  draft: InvoiceDraft,
  provider?: Pick<AccountingProvider, "provider">,
): InvoiceDraftInput {
  const lines: InvoiceLineInput[] = draft.lines.map((l) => {
    const description = `${l.mark}${l.name}`;
    // Providers take integer yen unit prices; a fractional unit price is sent as one line of its (rounded) amount.
    const whole = Number.isInteger(l.unitPrice);
    return {
      description: whole ? description : `${description}（${l.quantity} × ${l.unitPrice}円）`,
      quantity: whole ? l.quantity : 1,
      unitPrice: whole ? l.unitPrice : l.amount,
      taxRate: (l.taxRate === 8 || l.taxRate === 0 ? l.taxRate : 10) as TaxRate,
      reducedRate: l.reducedRate,
      taxCode: l.taxCode,
      itemId: l.accountItemId,
    };
  });
  const legend = draft.reducedRateLegend ? draft.reducedRateLegend.ja : null;
  return {
    ourReference: row.ourReference,
    partnerId: row.partnerId ?? "",
    departmentId: provider?.provider === "freee" ? null : row.departmentId,
    billingDate: draft.billingDate,
    dueDate: draft.dueDate,
    subject: draft.subject || draft.dealName,
    notes: [draft.notes, legend].filter((s) => s && s.trim() !== "").join("\n") || null,
    taxEntry: draft.taxEntry,
    rounding: draft.rounding,
    partnerTitle: "御中",
    lines,
  };
}

"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { ActionError, authedAction } from "@/lib/auth/guards";
import { pickLocalized } from "@/lib/i18n/pick-localized";
import { getRequestLocale } from "@/lib/i18n/request-locale";
import { sendJob } from "@/lib/jobs/boss";
import { logger } from "@/lib/logger";
import { approveDrafts, DraftReviewError, editDraft, rejectDraft, reopenDraft, requeuePosting, setFourEyes } from "@/lib/invoicing/review-drafts";

const actorOf = (user: { id: string; email: string }) => ({ id: user.id, label: user.email });

/** A refusal a person can act on, in the language of the screen that asked (the cookie's locale). */
async function rethrow(error: unknown): Promise<never> {
  if (error instanceof DraftReviewError) throw new ActionError(pickLocalized(error.text, await getRequestLocale()));
  throw error;
}

/** Posting is queued after the approval committed; a lost enqueue is picked up by the post sweep job. */
async function queuePost(draftIds: string[]): Promise<void> {
  for (let i = 0; i < draftIds.length; i += 20) {
    await Promise.all(
      draftIds.slice(i, i + 20).map((draftId) =>
        sendJob("invoicing.post-invoice", { draftId }, { singletonKey: draftId }).catch((error: unknown) => logger.warn("post not queued; the sweep will", { draftId, error })),
      ),
    );
  }
}

const number = z.preprocess((v) => (typeof v === "string" && v.trim() !== "" ? Number(v) : v), z.number().finite());
// Messages of the refinements the screens can hit are keys of `invoices.fieldErrors`, shown in the screen's language.
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "dateFormat");

// A plain union: several variants share target "line" (they differ by field), which a discriminated union refuses.
const editSchema = z.union([
  z.object({ target: z.literal("line"), lineKey: z.string().min(1), field: z.enum(["name", "accountItemId", "accountItemName"]), value: z.string().trim().min(1).max(255) }),
  z.object({ target: z.literal("line"), lineKey: z.string().min(1), field: z.literal("quantity"), value: number.refine((n) => n > 0, "quantityPositive") }),
  z.object({ target: z.literal("line"), lineKey: z.string().min(1), field: z.literal("unitPrice"), value: number }),
  z.object({ target: z.literal("line"), lineKey: z.string().min(1), field: z.literal("taxRate"), value: z.preprocess((v) => Number(v), z.union([z.literal(10), z.literal(8), z.literal(0)])) }),
  z.object({ target: z.literal("draft"), field: z.enum(["billingDate", "dueDate"]), value: date }),
  z.object({ target: z.literal("draft"), field: z.enum(["subject", "notes"]), value: z.string().max(4000) }),
  z.object({
    target: z.literal("line_added"),
    lineKey: z.string().regex(/^manual:\d+$/),
    line: z.object({ name: z.string().trim().min(1).max(255), quantity: number, unitPrice: number, taxRate: z.union([z.literal(10), z.literal(8), z.literal(0)]) }),
  }),
  z.object({ target: z.literal("line_removed"), lineKey: z.string().min(1) }),
]);

export const editDraftAction = authedAction("invoices.edit", z.object({ draftId: z.uuid(), edit: editSchema }), async ({ draftId, edit }, user) => {
  const db = await getDb();
  const result = await editDraft(db, actorOf(user), draftId, edit).catch(rethrow);
  revalidatePath(`/invoices/${draftId}`);
  return result;
});

export const approveDraftsAction = authedAction("invoices.approve", z.object({ draftIds: z.array(z.uuid()).min(1).max(1000) }), async ({ draftIds }, user) => {
  const db = await getDb();
  const results = await approveDrafts(db, actorOf(user), draftIds);
  await queuePost(results.filter((r) => r.ok).map((r) => r.draftId));
  revalidatePath("/invoices");
  const locale = await getRequestLocale();
  return results.map(({ draftId, ok, reason }) => ({ draftId, ok, message: reason ? pickLocalized(reason, locale) : null }));
});

export const rejectDraftAction = authedAction(
  "invoices.approve",
  z.object({ draftId: z.uuid(), reason: z.string().trim().min(1, "reasonRequired").max(2000), createHubspotTask: z.preprocess((v) => v === true || v === "true" || v === "on", z.boolean()) }),
  async (input, user) => {
    const db = await getDb();
    const result = await rejectDraft(db, actorOf(user), input).catch(rethrow);
    if (result.taskRequested) {
      await sendJob("invoicing.create-hubspot-task", { draftId: input.draftId }, { singletonKey: input.draftId }).catch((error: unknown) => logger.warn("task not queued", { error }));
    }
    revalidatePath("/invoices");
    return result;
  },
);

export const repostDraftAction = authedAction("invoices.post", z.object({ draftId: z.uuid() }), async ({ draftId }, user) => {
  const db = await getDb();
  await requeuePosting(db, actorOf(user), draftId).catch(rethrow);
  await queuePost([draftId]);
  revalidatePath(`/invoices/${draftId}`);
  return null;
});

export const reopenDraftAction = authedAction("invoices.edit", z.object({ draftId: z.uuid() }), async ({ draftId }, user) => {
  const db = await getDb();
  await reopenDraft(db, actorOf(user), draftId).catch(rethrow);
  revalidatePath(`/invoices/${draftId}`);
  return null;
});

export const retryWriteBackAction = authedAction("invoices.post", z.object({ draftId: z.uuid() }), async ({ draftId }) => {
  await sendJob("invoicing.write-back-deal", { draftId }, { singletonKey: draftId });
  return null;
});

export const setFourEyesAction = authedAction("mapping.manage", z.object({ enabled: z.preprocess((v) => v === true || v === "true" || v === "on", z.boolean()) }), async ({ enabled }, user) => {
  const db = await getDb();
  await setFourEyes(db, enabled, actorOf(user));
  revalidatePath("/settings/mapping");
  return null;
});

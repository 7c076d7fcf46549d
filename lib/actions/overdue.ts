"use server";

import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client";
import { ActionError, authedAction } from "@/lib/auth/guards";
import { followUpInputSchema } from "@/lib/overdue/follow-up-input";
import { FollowUpError, recordFollowUp } from "@/lib/overdue/record-follow-up";

/** 督促の記録: one contact with the customer about an unpaid invoice (sales: own deals only, checked in the service). */
export const recordFollowUpAction = authedAction("overdue.followUp", followUpInputSchema, async (input, user) => {
  const db = await getDb();
  const result = await recordFollowUp(db, user, input).catch((error: unknown) => {
    if (error instanceof FollowUpError) throw new ActionError(error.message);
    throw error;
  });
  revalidatePath("/overdue");
  return result;
});

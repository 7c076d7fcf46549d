import { z } from "zod";
import { isPlainDate } from "@/lib/japan/bank-calendar";
import { FOLLOW_UP_CHANNELS, MEMO_MAX } from "./constants";

export { MEMO_MAX };

const emptyToNull = (v: unknown) => (typeof v === "string" && v.trim() === "" ? null : v);
const plainDate = z.string().refine(isPlainDate, "日付は YYYY-MM-DD / a date YYYY-MM-DD");

/**
 * What a follow-up form sends (督促の記録). The server also checks what needs the database or today's date: the deal
 * is the viewer's and still unpaid, the contact is not in the future, the promise is not before the contact.
 */
export const followUpInputSchema = z.object({
  connectionId: z.uuid(),
  dealId: z.string().trim().min(1).max(64),
  contactedOn: plainDate,
  channel: z.enum(FOLLOW_UP_CHANNELS),
  memo: z.string().trim().min(1, "内容を入力してください / enter what was said").max(MEMO_MAX),
  promisedOn: z.preprocess(emptyToNull, plainDate.nullable()).default(null),
});

export type FollowUpInput = z.infer<typeof followUpInputSchema>;

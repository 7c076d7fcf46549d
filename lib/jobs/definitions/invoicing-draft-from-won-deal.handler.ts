import { draftFromWonDeal, WonEventError } from "@/lib/invoicing/draft-from-won-deal";
import { NonRetryableJobError } from "../errors";
import type { JobHandler } from "../types";

const handler: JobHandler<{ wonEventId: string }> = async ({ wonEventId }, { db, log }) => {
  try {
    const result = await draftFromWonDeal(db, wonEventId);
    log.info("won deal drafted", { wonEventId, ...result });
    return result;
  } catch (error) {
    if (error instanceof WonEventError && !error.retryable) throw new NonRetryableJobError(error.message);
    throw error;
  }
};

export default handler;

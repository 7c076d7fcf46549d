import { draftFromWonDeal } from "@/lib/invoicing/draft-from-won-deal";
import type { JobHandler } from "../types";

const handler: JobHandler<{ wonEventId: string }> = async ({ wonEventId }, { db, log }) => {
  const result = await draftFromWonDeal(db, wonEventId);
  log.info("won deal drafted", { wonEventId, ...result });
  return result;
};

export default handler;

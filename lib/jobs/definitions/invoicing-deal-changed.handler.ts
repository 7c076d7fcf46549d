import { handleDealChange } from "@/lib/invoicing/handle-deal-change";
import type { JobHandler } from "../types";

const handler: JobHandler<{ connectionId: string; dealId: string }> = async ({ connectionId, dealId }, { db, log }) => {
  const result = await handleDealChange(db, connectionId, dealId);
  if (result.regenerated.length + result.mismatched.length > 0) log.info("deal change applied to drafts", { dealId, ...result });
  return result;
};

export default handler;

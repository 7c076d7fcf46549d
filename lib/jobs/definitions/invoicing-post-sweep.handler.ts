import { listStalePostableDrafts } from "@/db/queries/invoicing";
import type { JobHandler } from "../types";

const handler: JobHandler<Record<string, never>> = async (_payload, { db, send }) => {
  const stale = await listStalePostableDrafts(db, new Date(Date.now() - 2 * 60_000));
  for (const { id } of stale) await send("invoicing.post-invoice", { draftId: id }, { singletonKey: id });
  return { requeued: stale.length };
};

export default handler;

import { runMatching } from "@/lib/partners/run-matching";
import type { JobHandler } from "../types";

const handler: JobHandler<{ runId: string }> = async ({ runId }, { db, log }) => {
  const counts = await runMatching(db, runId);
  log.info("partner matching run done", { runId, counts });
  return counts;
};

export default handler;

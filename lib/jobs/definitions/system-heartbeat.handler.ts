import { putSetting } from "@/db/queries/settings";
import type { JobHandler } from "../types";

const handler: JobHandler<Record<string, never>> = async (_payload, { db }) => {
  await putSetting(db, "worker.heartbeat", { at: new Date().toISOString(), pid: process.pid }, null);
};

export default handler;

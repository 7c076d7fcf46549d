import type { z } from "zod";
import { getConnectionById, listAccountingConnections } from "@/db/queries/accounting";
import { getAccountingProvider } from "@/lib/integrations/accounting";
import { isThrottled, runAccountingSync } from "@/lib/sync-accounting/run-accounting-sync";
import type { JobHandler } from "../types";
import type { accountingSyncPayload } from "./accounting-sync";

type Payload = z.infer<typeof accountingSyncPayload>;

const handler: JobHandler<Payload> = async (payload, { db, log, send, jobId }) => {
  const name = payload.mode === "due" ? "accounting.sync-due" : "accounting.sync";
  if (!payload.connectionId) {
    const active = (await listAccountingConnections(db)).filter((x) => x.status === "active");
    for (const c of active) await send(name, { ...payload, connectionId: c.id }, { singletonKey: `${name}:${c.id}` });
    return { fannedOut: active.length };
  }
  const connection = await getConnectionById(db, payload.connectionId);
  // Paused connections (re-authorise needed, disconnected) are skipped, not failed: the alert was raised once already.
  if (!connection || connection.status !== "active") return { skipped: connection ? connection.status : "missing" };
  if (await isThrottled(db, connection.id)) return { skipped: "throttled" };
  const provider = getAccountingProvider(connection, { db });
  const summary = await runAccountingSync({ db, connection, provider, mode: payload.mode, ...(payload.objects ? { objects: payload.objects } : {}), log });
  log.info("accounting sync done", { jobId, summary });
  const failed = summary.objects.filter((o) => o.error);
  // A whole-object failure (not reauthorize/throttle, which are handled and paused) is retried by pg-boss.
  if (failed.length > 0 && !summary.stoppedBy) throw new Error(`accounting sync failed: ${failed.map((f) => `${f.object}: ${f.error}`).join("; ")}`);
  return summary;
};

export default handler;

"use server";

import { z } from "zod";
import { getDb } from "@/db/client";
import { ActionError, authedAction } from "@/lib/auth/guards";
import { logger } from "@/lib/logger";
import { retrySyncFailure, syncConnectionNow } from "@/lib/sync-accounting/sync-health";

/** Retry one failing record (or object): queues the sync that re-reads it; the row clears when that sync succeeds. */
export const retrySyncFailureAction = authedAction("sync.retry", z.object({ failureId: z.uuid() }), async ({ failureId }) => {
  try {
    const result = await retrySyncFailure(await getDb(), failureId);
    if (!result.queued) throw new ActionError("この失敗は既に解決済みです / This failure is already resolved");
    return result;
  } catch (error) {
    if (error instanceof ActionError) throw error;
    logger.warn("could not queue a sync retry", { failureId, error });
    throw new ActionError("再試行を登録できませんでした / Could not queue the retry");
  }
});

/** Sync one connection now (all objects, incremental). */
export const syncConnectionNowAction = authedAction("sync.retry", z.object({ connectionId: z.uuid() }), async ({ connectionId }) => {
  const result = await syncConnectionNow(await getDb(), connectionId);
  if (!result.queued) throw new ActionError("接続が見つかりません / Connection not found");
  return result;
});

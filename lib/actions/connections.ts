"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { ActionError, authedAction } from "@/lib/auth/guards";
import { connectSandboxHubSpot } from "@/lib/connections/connect-sandbox";
import { disconnectConnection, saveHubSpotConnection } from "@/lib/connections/manage-connections";
import { env } from "@/lib/env";
import { AuthError } from "@/lib/integrations/errors";
import { HubSpotClient } from "@/lib/integrations/hubspot/client";
import { sendJob } from "@/lib/jobs/boss";
import { logger } from "@/lib/logger";

const PATH = "/settings/connections";

async function queueSync(connectionId: string, mode: "full" | "incremental"): Promise<boolean> {
  try {
    await sendJob("hubspot.sync", { connectionId, mode }, { singletonKey: connectionId });
    return true;
  } catch (error) {
    logger.warn("could not queue a HubSpot sync", { connectionId, error });
    return false;
  }
}

/** Private-app / service-key token: polling only (no webhooks). The token is checked against HubSpot first. */
export const connectPrivateAppAction = authedAction(
  "connections.manage",
  z.object({ token: z.string().trim().min(10).max(512), portalId: z.string().trim().regex(/^\d{1,12}$/, "HubSpot のポータルID（数字）/ numeric Hub ID") }),
  async ({ token, portalId }, user) => {
    const client = new HubSpotClient({ baseUrl: env().HUBSPOT_API_BASE_URL, getAccessToken: async () => token });
    try {
      await client.request("GET", "/crm/v3/owners/", { query: { limit: 1 } });
    } catch (error) {
      if (error instanceof AuthError) throw new ActionError("トークンが HubSpot に拒否されました / HubSpot rejected the token");
      throw new ActionError("HubSpot に接続できませんでした / Could not reach HubSpot");
    }
    const connection = await saveHubSpotConnection(await getDb(), { authType: "private_app", portalId, accessToken: token, actor: { id: user.id, label: user.email } });
    await queueSync(connection.id, "full");
    revalidatePath(PATH);
    return { connectionId: connection.id };
  },
);

/** Sandbox mode only: connect the emulator's portal in one click. */
export const connectSandboxAction = authedAction("connections.manage", z.object({ confirm: z.literal(true) }), async (_input, user) => {
  const e = env();
  if (e.KAKEHASHI_TARGET !== "sandbox") throw new ActionError("サンドボックスモードではありません / Not in sandbox mode");
  const connection = await connectSandboxHubSpot(await getDb(), { baseUrl: e.HUBSPOT_API_BASE_URL, appBaseUrl: e.APP_BASE_URL, actor: { id: user.id, label: user.email } });
  await queueSync(connection.id, "full");
  revalidatePath(PATH);
  return { connectionId: connection.id };
});

export const disconnectConnectionAction = authedAction("connections.manage", z.object({ connectionId: z.uuid() }), async ({ connectionId }, user) => {
  await disconnectConnection(await getDb(), connectionId, { id: user.id, label: user.email });
  revalidatePath(PATH);
  return null;
});

export const syncNowAction = authedAction(
  "sync.retry",
  z.object({ connectionId: z.uuid(), mode: z.enum(["full", "incremental"]).default("incremental") }),
  async ({ connectionId, mode }) => {
    if (!(await queueSync(connectionId, mode))) throw new ActionError("同期ジョブを登録できませんでした / Could not queue the sync");
    return null;
  },
);

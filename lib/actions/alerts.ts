"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { alertChannelsInputSchema, saveAlertChannels } from "@/lib/alerts/channels";
import { sendTestAlert } from "@/lib/alerts/send-test-alert";
import { recordAudit } from "@/lib/audit/record-audit";
import { authedAction } from "@/lib/auth/guards";

/** Save the Slack / e-mail alert channels (secrets encrypted; empty secret fields keep the stored ones). Audited. */
export const saveAlertChannelsAction = authedAction("settings.manage", alertChannelsInputSchema, async (input, user) => {
  const db = await getDb();
  const view = await db.transaction(async (tx) => {
    const saved = await saveAlertChannels(tx, input, user.id);
    // The view holds hosts and flags only: no webhook path, no SMTP password reaches the audit log.
    await recordAudit(tx, { actor: { id: user.id, label: user.email }, action: "alerts.channels.updated", entityType: "settings", entityId: "alerts.channels", after: saved });
    return saved;
  });
  revalidatePath("/settings/alerts");
  return view;
});

/** "Send test": one message to one channel now. */
export const sendTestAlertAction = authedAction("settings.manage", z.object({ channel: z.enum(["slack", "email"]) }), async ({ channel }) => {
  return sendTestAlert(await getDb(), channel);
});

import "server-only";
import type { DbOrTx } from "@/db/client";
import { getAlertChannels } from "./channels";
import { deliverAlert, type DeliveryResult } from "./deliver-alert";

/** The "send test" button: delivers a test message to one channel now, not deduplicated, not recorded. */
export async function sendTestAlert(db: DbOrTx, channel: "slack" | "email", options: { fetch?: typeof fetch } = {}): Promise<DeliveryResult> {
  const channels = await getAlertChannels(db);
  // A test must work before the channel is switched on: force it enabled for this one message.
  const forced = channel === "slack" ? { ...channels, slack: { ...channels.slack, enabled: true } } : { ...channels, email: { ...channels.email, enabled: true } };
  const [result] = await deliverAlert(
    forced,
    { title: "テスト通知 / Test alert", body: "Kakehashi のアラート設定は正常です。This is a test alert from Kakehashi.", severity: "info" },
    { ...options, only: channel },
  );
  return result ?? { channel, ok: false, error: channel === "slack" ? "no Slack webhook URL configured" : "no SMTP server configured", at: new Date().toISOString() };
}

import "server-only";
import nodemailer from "nodemailer";
import type { AlertChannels } from "./channels";

export type AlertMessage = { title: string; body: string; severity: "info" | "warning" | "error"; context?: Record<string, unknown> | null };
export type DeliveryResult = { channel: "slack" | "email"; ok: boolean; error?: string; at: string };

const TIMEOUT_MS = 10_000;

/** Slack incoming webhook: POST {text} (https://api.slack.com/messaging/webhooks). */
export async function sendSlack(webhookUrl: string, message: AlertMessage, fetchImpl: typeof fetch = fetch): Promise<void> {
  const icon = message.severity === "error" ? ":rotating_light:" : message.severity === "warning" ? ":warning:" : ":information_source:";
  const response = await fetchImpl(webhookUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ text: `${icon} *${message.title}*\n${message.body}` }),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  if (!response.ok) throw new Error(`Slack webhook answered HTTP ${response.status}`);
}

/** E-mail through the configured SMTP server (smtp://user:pass@host:port, smtps:// for TLS). */
export async function sendEmail(channel: AlertChannels["email"], message: AlertMessage): Promise<void> {
  if (!channel.smtpUrl || channel.to.length === 0) throw new Error("e-mail channel has no SMTP server or recipients");
  const transport = nodemailer.createTransport(channel.smtpUrl, { connectionTimeout: TIMEOUT_MS, greetingTimeout: TIMEOUT_MS, socketTimeout: TIMEOUT_MS });
  try {
    await transport.sendMail({
      from: channel.from ?? "kakehashi@localhost",
      to: channel.to.join(", "),
      subject: `[Kakehashi] ${message.title}`,
      text: `${message.body}\n\n${message.context ? JSON.stringify(message.context, null, 2) : ""}`.trim(),
    });
  } finally {
    transport.close();
  }
}

/** Delivers to every enabled channel; one failing channel never stops the other. Errors are reported, not thrown. */
export async function deliverAlert(channels: AlertChannels, message: AlertMessage, options: { fetch?: typeof fetch; only?: "slack" | "email" } = {}): Promise<DeliveryResult[]> {
  const out: DeliveryResult[] = [];
  const attempt = async (channel: "slack" | "email", fn: () => Promise<void>) => {
    try {
      await fn();
      out.push({ channel, ok: true, at: new Date().toISOString() });
    } catch (error) {
      out.push({ channel, ok: false, error: error instanceof Error ? error.message : String(error), at: new Date().toISOString() });
    }
  };
  if ((!options.only || options.only === "slack") && channels.slack.enabled && channels.slack.webhookUrl) {
    const url = channels.slack.webhookUrl;
    await attempt("slack", () => sendSlack(url, message, options.fetch));
  }
  if ((!options.only || options.only === "email") && channels.email.enabled && channels.email.smtpUrl) {
    await attempt("email", () => sendEmail(channels.email, message));
  }
  return out;
}

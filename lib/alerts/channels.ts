import "server-only";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { getSetting, putSetting } from "@/db/queries/settings";
import { decryptSecret, encryptSecret } from "@/lib/crypto/secrets";

/**
 * Alert channels (settings → alerts): a Slack incoming webhook and e-mail over SMTP. Stored in app_settings under
 * `alerts.channels`; the webhook URL and the SMTP URL (which carries the password) are encrypted at rest and never
 * sent back to the browser — the form shows only whether one is set.
 */
export const ALERT_CHANNELS_KEY = "alerts.channels";

const storedSchema = z.object({
  slack: z.object({ enabled: z.boolean(), webhookUrlEnc: z.string().nullable() }).default({ enabled: false, webhookUrlEnc: null }),
  email: z
    .object({ enabled: z.boolean(), smtpUrlEnc: z.string().nullable(), from: z.string().nullable(), to: z.array(z.string()) })
    .default({ enabled: false, smtpUrlEnc: null, from: null, to: [] }),
});
type Stored = z.infer<typeof storedSchema>;

/** Decrypted, for sending only (server side). */
export type AlertChannels = {
  slack: { enabled: boolean; webhookUrl: string | null };
  email: { enabled: boolean; smtpUrl: string | null; from: string | null; to: string[] };
};

/** What the settings page may see. */
export type AlertChannelsView = {
  slack: { enabled: boolean; webhookConfigured: boolean; webhookHost: string | null };
  email: { enabled: boolean; smtpConfigured: boolean; smtpHost: string | null; from: string | null; to: string[] };
};

async function readStored(db: DbOrTx): Promise<Stored> {
  const parsed = storedSchema.safeParse((await getSetting(db, ALERT_CHANNELS_KEY)) ?? {});
  return parsed.success ? parsed.data : storedSchema.parse({});
}

const hostOf = (url: string | null) => {
  if (!url) return null;
  try {
    return new URL(url).host;
  } catch {
    return null;
  }
};

export async function getAlertChannels(db: DbOrTx): Promise<AlertChannels> {
  const s = await readStored(db);
  return {
    slack: { enabled: s.slack.enabled, webhookUrl: s.slack.webhookUrlEnc ? decryptSecret(s.slack.webhookUrlEnc) : null },
    email: { enabled: s.email.enabled, smtpUrl: s.email.smtpUrlEnc ? decryptSecret(s.email.smtpUrlEnc) : null, from: s.email.from, to: s.email.to },
  };
}

export async function getAlertChannelsView(db: DbOrTx): Promise<AlertChannelsView> {
  const c = await getAlertChannels(db);
  return {
    slack: { enabled: c.slack.enabled, webhookConfigured: !!c.slack.webhookUrl, webhookHost: hostOf(c.slack.webhookUrl) },
    email: { enabled: c.email.enabled, smtpConfigured: !!c.email.smtpUrl, smtpHost: hostOf(c.email.smtpUrl), from: c.email.from, to: c.email.to },
  };
}

export const alertChannelsInputSchema = z.object({
  slackEnabled: z.boolean(),
  /** Empty/undefined keeps the stored URL; a value replaces it. */
  slackWebhookUrl: z.url().optional().or(z.literal("")),
  emailEnabled: z.boolean(),
  smtpUrl: z
    .string()
    .regex(/^smtps?:\/\//, "smtp://user:pass@host:port or smtps://…")
    .optional()
    .or(z.literal("")),
  emailFrom: z.email().optional().or(z.literal("")),
  emailTo: z.array(z.email()).max(20),
});
export type AlertChannelsInput = z.infer<typeof alertChannelsInputSchema>;

export async function saveAlertChannels(db: DbOrTx, input: AlertChannelsInput, updatedBy: string | null): Promise<AlertChannelsView> {
  const current = await readStored(db);
  const next: Stored = {
    slack: { enabled: input.slackEnabled, webhookUrlEnc: input.slackWebhookUrl ? encryptSecret(input.slackWebhookUrl) : current.slack.webhookUrlEnc },
    email: {
      enabled: input.emailEnabled,
      smtpUrlEnc: input.smtpUrl ? encryptSecret(input.smtpUrl) : current.email.smtpUrlEnc,
      from: input.emailFrom || current.email.from,
      to: input.emailTo,
    },
  };
  await putSetting(db, ALERT_CHANNELS_KEY, next, updatedBy);
  return getAlertChannelsView(db);
}

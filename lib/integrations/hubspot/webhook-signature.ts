import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * HubSpot webhook signature v3 (api-hubspot.md §8): base64(HMAC-SHA256(clientSecret, method + uri + rawBody +
 * timestamp)), timestamp (ms) at most 5 minutes old, compared in constant time. We do not use the SDK's
 * `Signature.isValid`: it compares with `===` and does not decode the URI.
 */
export const MAX_WEBHOOK_AGE_MS = 5 * 60_000;

// HubSpot decodes these percent-escapes in the URI before signing (not the "?" that starts the query).
const DECODE: Record<string, string> = { "%3A": ":", "%2F": "/", "%3F": "?", "%40": "@", "%21": "!", "%24": "$", "%27": "'", "%28": "(", "%29": ")", "%2A": "*", "%2C": ",", "%3B": ";" };

export function normalizeSignedUri(uri: string): string {
  return uri.replace(/%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi, (m) => DECODE[m.toUpperCase()] ?? m);
}

export function signWebhookV3(secret: string, method: string, uri: string, body: string, timestamp: string): string {
  return createHmac("sha256", secret).update(method + normalizeSignedUri(uri) + body + timestamp, "utf8").digest("base64");
}

export type SignatureCheck = { ok: true } | { ok: false; reason: "missing" | "stale" | "mismatch" };

export function verifyWebhookV3(input: {
  secret: string;
  method: string;
  /** The public URL HubSpot called (https://host/path?query), not an internal host. */
  uri: string;
  body: string;
  signature: string | null;
  timestamp: string | null;
  now?: number;
}): SignatureCheck {
  const { signature, timestamp } = input;
  if (!signature || !timestamp || !/^\d+$/.test(timestamp)) return { ok: false, reason: "missing" };
  const age = (input.now ?? Date.now()) - Number(timestamp);
  // Reject old AND far-future timestamps (a replay cannot be made fresh by forging the header: it is signed).
  if (age > MAX_WEBHOOK_AGE_MS || age < -MAX_WEBHOOK_AGE_MS) return { ok: false, reason: "stale" };
  const expected = Buffer.from(signWebhookV3(input.secret, input.method, input.uri, input.body, timestamp), "utf8");
  const given = Buffer.from(signature, "utf8");
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: "mismatch" };
  return { ok: true };
}

import { describe, expect, it } from "vitest";
import { signWebhookV3, verifyWebhookV3 } from "./webhook-signature";

describe("verifyWebhookV3", () => {
  const secret = "kakehashi-sandbox-secret";
  const uri = "https://app.example.jp/api/webhooks/hubspot";
  const body = JSON.stringify([{ eventId: 1, portalId: 1000001, occurredAt: 1, subscriptionType: "deal.creation", objectId: 5 }]);
  const now = 1_800_000_000_000;
  const ts = String(now - 1_000);
  const signature = signWebhookV3(secret, "POST", uri, body, ts);

  it("accepts a fresh, correctly signed request", () => {
    expect(verifyWebhookV3({ secret, method: "POST", uri, body, signature, timestamp: ts, now })).toEqual({ ok: true });
  });
  it("rejects a tampered body, a wrong secret and a missing header", () => {
    expect(verifyWebhookV3({ secret, method: "POST", uri, body: body.replace("5", "6"), signature, timestamp: ts, now })).toEqual({ ok: false, reason: "mismatch" });
    expect(verifyWebhookV3({ secret: "other", method: "POST", uri, body, signature, timestamp: ts, now })).toEqual({ ok: false, reason: "mismatch" });
    expect(verifyWebhookV3({ secret, method: "POST", uri, body, signature: null, timestamp: ts, now })).toEqual({ ok: false, reason: "missing" });
  });
  it("rejects a timestamp older than 5 minutes even when the signature matches", () => {
    const old = String(now - 5 * 60_000 - 1);
    const sig = signWebhookV3(secret, "POST", uri, body, old);
    expect(verifyWebhookV3({ secret, method: "POST", uri, body, signature: sig, timestamp: old, now })).toEqual({ ok: false, reason: "stale" });
  });
  it("decodes the percent-escapes HubSpot decodes before signing", () => {
    const encoded = "https://app.example.jp/api/webhooks/hubspot?x=a%3Ab";
    const sig = signWebhookV3(secret, "POST", "https://app.example.jp/api/webhooks/hubspot?x=a:b", body, ts);
    expect(verifyWebhookV3({ secret, method: "POST", uri: encoded, body, signature: sig, timestamp: ts, now })).toEqual({ ok: true });
  });
});

import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret, redact, SecretDecryptionError } from "./secrets";

const key = randomBytes(32).toString("base64");

describe("secrets at rest (AES-256-GCM)", () => {
  it("round-trips and never stores the plaintext", () => {
    const sealed = encryptSecret("refresh-token-abc123", key);
    expect(sealed).not.toContain("refresh-token-abc123");
    expect(sealed.startsWith("v1.")).toBe(true);
    expect(decryptSecret(sealed, key)).toBe("refresh-token-abc123");
  });

  it("uses a fresh IV every time", () => {
    expect(encryptSecret("same", key)).not.toBe(encryptSecret("same", key));
  });

  it("detects tampering and a wrong key, without echoing the secret", () => {
    const sealed = encryptSecret("tok", key);
    const parts = sealed.split(".");
    const tampered = [parts[0], parts[1], parts[2], Buffer.from("xxx").toString("base64url")].join(".");
    expect(() => decryptSecret(tampered, key)).toThrow(SecretDecryptionError);
    expect(() => decryptSecret(sealed, randomBytes(32).toString("base64"))).toThrow(/wrong key or tampered/);
    expect(() => decryptSecret("garbage", key)).toThrow(SecretDecryptionError);
  });

  it("redacts for logs", () => {
    expect(redact("pat-na1-1234567890")).toBe("pat-…(18)");
    expect(redact(null)).toBe("(none)");
  });
});

import "server-only";
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { env } from "@/lib/env";

/**
 * AES-256-GCM for secrets at rest (OAuth tokens, webhook URLs, SMTP passwords). Format:
 * `v1.<iv>.<tag>.<ciphertext>` in base64url. The version prefix leaves room for key rotation.
 */
const VERSION = "v1";

function key(rawKey?: string): Buffer {
  return Buffer.from(rawKey ?? env().KAKEHASHI_SECRET_KEY, "base64");
}

export function encryptSecret(plaintext: string, rawKey?: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(rawKey), iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, iv.toString("base64url"), tag.toString("base64url"), ciphertext.toString("base64url")].join(".");
}

export class SecretDecryptionError extends Error {
  override name = "SecretDecryptionError";
}

export function decryptSecret(sealed: string, rawKey?: string): string {
  const [version, iv, tag, ciphertext] = sealed.split(".");
  if (version !== VERSION || !iv || !tag || ciphertext === undefined) {
    throw new SecretDecryptionError("Unrecognised secret format");
  }
  try {
    const decipher = createDecipheriv("aes-256-gcm", key(rawKey), Buffer.from(iv, "base64url"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    // Never include the sealed value or the key in the message: errors end up in logs.
    throw new SecretDecryptionError("Secret could not be decrypted (wrong key or tampered data)");
  }
}

/** For logs: keeps the first 4 characters so two tokens can be told apart, hides the rest. */
export function redact(secret: string | null | undefined): string {
  if (!secret) return "(none)";
  return `${secret.slice(0, 4)}…(${secret.length})`;
}

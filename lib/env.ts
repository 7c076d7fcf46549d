import "server-only";
import { z } from "zod";
import { readOrCreateLocalSecret } from "./local-secrets";

/**
 * Environment, validated once. Every outside host has its own base URL so the sandbox emulators can stand in:
 * KAKEHASHI_TARGET=sandbox (default outside production) points them at `npm run sandbox`; production defaults
 * are the real services.
 */
const production = process.env.NODE_ENV === "production" && process.env.KAKEHASHI_TARGET !== "sandbox";
const target = process.env.KAKEHASHI_TARGET ?? (production ? "production" : "sandbox");

const sandboxHost = process.env.SANDBOX_HOST ?? "127.0.0.1";
const defaults =
  target === "production"
    ? {
        HUBSPOT_API_BASE_URL: "https://api.hubapi.com",
        HUBSPOT_APP_BASE_URL: "https://app.hubspot.com",
        FREEE_API_BASE_URL: "https://api.freee.co.jp",
        FREEE_ACCOUNTS_BASE_URL: "https://accounts.secure.freee.co.jp",
        MF_API_BASE_URL: "https://invoice.moneyforward.com",
        MF_AUTH_BASE_URL: "https://api.biz.moneyforward.com",
      }
    : {
        HUBSPOT_API_BASE_URL: `http://${sandboxHost}:${process.env.SANDBOX_HUBSPOT_PORT ?? 4101}`,
        HUBSPOT_APP_BASE_URL: `http://${sandboxHost}:${process.env.SANDBOX_HUBSPOT_PORT ?? 4101}`,
        FREEE_API_BASE_URL: `http://${sandboxHost}:${process.env.SANDBOX_FREEE_PORT ?? 4102}`,
        FREEE_ACCOUNTS_BASE_URL: `http://${sandboxHost}:${process.env.SANDBOX_FREEE_PORT ?? 4102}`,
        MF_API_BASE_URL: `http://${sandboxHost}:${process.env.SANDBOX_MF_PORT ?? 4103}`,
        MF_AUTH_BASE_URL: `http://${sandboxHost}:${process.env.SANDBOX_MF_PORT ?? 4103}`,
      };
// The sandbox's published OAuth apps (sandbox/README.md); real credentials must be configured in production.
const sandboxClient = target === "sandbox" ? { id: "kakehashi-sandbox-client", secret: "kakehashi-sandbox-secret" } : null;
const sandboxHubSpotApp = target === "sandbox" ? { appId: "2000001", developerApiKey: "kakehashi-sandbox-developer-key" } : null;

const url = z.url();
const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  KAKEHASHI_TARGET: z.enum(["sandbox", "production"]),
  DATABASE_URL: z.string().optional(),
  APP_BASE_URL: url.default("http://localhost:3000"),
  AUTH_SECRET: z.string().min(32, "AUTH_SECRET must be at least 32 characters"),
  /** base64 of 32 random bytes: the AES-256-GCM key for tokens and credentials at rest. */
  KAKEHASHI_SECRET_KEY: z
    .string()
    .refine((v) => Buffer.from(v, "base64").length === 32, "KAKEHASHI_SECRET_KEY must be base64 of 32 bytes"),
  ADMIN_EMAIL: z.email().optional(),
  ADMIN_PASSWORD: z.string().min(10, "ADMIN_PASSWORD must be at least 10 characters").optional(),
  HUBSPOT_API_BASE_URL: url,
  HUBSPOT_APP_BASE_URL: url,
  HUBSPOT_CLIENT_ID: z.string().optional(),
  HUBSPOT_CLIENT_SECRET: z.string().optional(),
  HUBSPOT_PRIVATE_APP_TOKEN: z.string().optional(),
  /** The HubSpot app's id and developer API key: they manage the app's webhook subscriptions (not a portal's token). */
  HUBSPOT_APP_ID: z.string().regex(/^\d+$/, "HUBSPOT_APP_ID is the app's numeric id").optional(),
  HUBSPOT_DEVELOPER_API_KEY: z.string().optional(),
  FREEE_API_BASE_URL: url,
  FREEE_ACCOUNTS_BASE_URL: url,
  FREEE_CLIENT_ID: z.string().optional(),
  FREEE_CLIENT_SECRET: z.string().optional(),
  MF_API_BASE_URL: url,
  MF_AUTH_BASE_URL: url,
  MF_CLIENT_ID: z.string().optional(),
  MF_CLIENT_SECRET: z.string().optional(),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
});

export type Env = z.infer<typeof schema>;

function load(): Env {
  const raw = process.env;
  const input = {
    ...defaults,
    ...Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined && v !== "")),
    KAKEHASHI_TARGET: target,
    AUTH_SECRET: raw.AUTH_SECRET || (production ? undefined : readOrCreateLocalSecret("auth-secret")),
    KAKEHASHI_SECRET_KEY: raw.KAKEHASHI_SECRET_KEY || (production ? undefined : readOrCreateLocalSecret("secret.key")),
    HUBSPOT_CLIENT_ID: raw.HUBSPOT_CLIENT_ID || sandboxClient?.id,
    HUBSPOT_CLIENT_SECRET: raw.HUBSPOT_CLIENT_SECRET || sandboxClient?.secret,
    HUBSPOT_APP_ID: raw.HUBSPOT_APP_ID || sandboxHubSpotApp?.appId,
    HUBSPOT_DEVELOPER_API_KEY: raw.HUBSPOT_DEVELOPER_API_KEY || sandboxHubSpotApp?.developerApiKey,
    FREEE_CLIENT_ID: raw.FREEE_CLIENT_ID || sandboxClient?.id,
    FREEE_CLIENT_SECRET: raw.FREEE_CLIENT_SECRET || sandboxClient?.secret,
    MF_CLIENT_ID: raw.MF_CLIENT_ID || sandboxClient?.id,
    MF_CLIENT_SECRET: raw.MF_CLIENT_SECRET || sandboxClient?.secret,
  };
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    // Name the variables, never echo their values: some are secrets.
    const problems = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid environment configuration:\n${problems}`);
  }
  return parsed.data;
}

let cached: Env | null = null;
export function env(): Env {
  cached ??= load();
  return cached;
}

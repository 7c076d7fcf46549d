import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { connections } from "@/db/schema";
import { startHubSpotEmulator } from "@/test/sandbox";
import { openTestDb, truncateAll } from "@/test/db";
import { AuthError } from "@/lib/integrations/errors";
import { resetConnectionLimiters } from "@/lib/integrations/rate-limit";
import { getHubSpotAccessToken, hubspotClientFor } from "./hubspot-client";
import { saveHubSpotConnection } from "./manage-connections";

const { db, close } = openTestDb();
let hs: Awaited<ReturnType<typeof startHubSpotEmulator>>;
let tokenCalls = 0;
const countingFetch: typeof fetch = async (input, init) => {
  if (String(input instanceof Request ? input.url : input).includes("/oauth/v1/token")) tokenCalls++;
  return fetch(input, init);
};

async function issue(): Promise<{ access_token: string; refresh_token: string; expires_in: number }> {
  return (await (await fetch(`${hs.url}/_sandbox/tokens`, { method: "POST" })).json()) as { access_token: string; refresh_token: string; expires_in: number };
}

beforeAll(async () => {
  hs = await startHubSpotEmulator({ port: 0, seed: { seed: 42, companies: 5, deals: 5 } });
});
afterAll(async () => {
  await hs?.stop();
  await close();
});
beforeEach(async () => {
  await truncateAll(db);
  resetConnectionLimiters();
  tokenCalls = 0;
});

describe("HubSpot access tokens", () => {
  it("two callers needing a refresh at once make ONE refresh call and share the stored token", async () => {
    const t = await issue();
    // Expires in 10 s: inside the 60 s early-refresh window.
    const connection = await saveHubSpotConnection(db, { authType: "oauth", portalId: "1000001", accessToken: t.access_token, refreshToken: t.refresh_token, expiresInSeconds: 10, actor: "system" });
    const [a, b, c] = await Promise.all([1, 2, 3].map(() => getHubSpotAccessToken(db, connection.id, { apiBaseUrl: hs.url, fetch: countingFetch })));
    expect(tokenCalls).toBe(1);
    expect(a).not.toBe(t.access_token);
    expect(new Set([a, b, c]).size).toBe(1);
    const [row] = await db.select().from(connections).where(eq(connections.id, connection.id));
    expect(row!.accessTokenExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 25 * 60_000);
    // The refreshed token works against the API.
    const client = hubspotClientFor(db, row!, { baseUrl: hs.url });
    await expect(client.dealPipelines()).resolves.toHaveLength(2);
  });

  it("a revoked token turns the connection to 're-authorise' and calls fail with AuthError", async () => {
    const t = await issue();
    const connection = await saveHubSpotConnection(db, { authType: "oauth", portalId: "1000001", accessToken: t.access_token, refreshToken: t.refresh_token, expiresInSeconds: 1800, actor: "system" });
    await fetch(`${hs.url}/_sandbox/tokens/revoke`, { method: "POST" });
    const client = hubspotClientFor(db, connection, { baseUrl: hs.url });
    // 401 → one forced refresh → refused (BAD_REFRESH_TOKEN) → AuthError, connection marked.
    await expect(client.dealPipelines()).rejects.toBeInstanceOf(AuthError);
    const [row] = await db.select().from(connections).where(eq(connections.id, connection.id));
    expect(row?.status).toBe("reauthorize");
    await expect(getHubSpotAccessToken(db, connection.id)).rejects.toBeInstanceOf(AuthError);
  });
});

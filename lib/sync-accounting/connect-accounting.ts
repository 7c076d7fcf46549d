import "server-only";
import { and, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { connections, type Connection } from "@/db/schema";
import { recordAudit, type AuditActor } from "@/lib/audit/record-audit";
import { encryptSecret } from "@/lib/crypto/secrets";
import type { IssuedTokens } from "@/lib/integrations/oauth/token-source";

/**
 * Stores a freee company / MF office connection with freshly issued tokens (encrypted), replacing the tokens of an
 * existing connection to the same account (re-authorisation brings it back to `active`). Audited.
 */
export async function saveAccountingConnection(
  db: Database,
  input: { provider: "freee" | "moneyforward"; externalAccountId: string; externalAccountName: string | null; tokens: IssuedTokens; actor: AuditActor },
): Promise<Connection> {
  const now = Date.now();
  const values = {
    authType: "oauth",
    status: "active" as const,
    externalAccountName: input.externalAccountName,
    accessTokenEnc: encryptSecret(input.tokens.accessToken),
    refreshTokenEnc: encryptSecret(input.tokens.refreshToken),
    accessTokenExpiresAt: new Date(now + input.tokens.expiresIn * 1000),
    refreshTokenExpiresAt: input.tokens.refreshExpiresIn ? new Date(now + input.tokens.refreshExpiresIn * 1000) : null,
    scopes: input.tokens.scopes ?? null,
    lastRefreshedAt: new Date(now),
    lastError: null,
    updatedAt: new Date(now),
  };
  return db.transaction(async (tx) => {
  const [existing] = await tx.select().from(connections).where(and(eq(connections.provider, input.provider), eq(connections.externalAccountId, input.externalAccountId)));
  let row: Connection;
  if (existing) {
    [row] = (await tx.update(connections).set(values).where(eq(connections.id, existing.id)).returning()) as [Connection];
  } else {
    [row] = (await tx
      .insert(connections)
      .values({ provider: input.provider, externalAccountId: input.externalAccountId, createdBy: input.actor === "system" ? null : input.actor.id, ...values })
      .returning()) as [Connection];
  }
  await recordAudit(tx, {
    actor: input.actor,
    action: existing ? "connection.reauthorized" : "connection.created",
    entityType: "connection",
    entityId: row.id,
    before: existing ? { status: existing.status } : null,
    after: { provider: row.provider, externalAccountId: row.externalAccountId, status: row.status },
  });
  return row;
  });
}

import "server-only";
import { and, desc, eq, ne } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { connections, type Connection, type Provider } from "@/db/schema";
import { recordAudit, type AuditActor } from "@/lib/audit/record-audit";
import { encryptSecret } from "@/lib/crypto/secrets";
import { resetConnectionLimiters } from "@/lib/integrations/rate-limit";

/** A connection as the UI sees it: never the tokens. */
export type ConnectionSummary = Omit<Connection, "accessTokenEnc" | "refreshTokenEnc"> & { hasToken: boolean };

export function summarize(c: Connection): ConnectionSummary {
  const { accessTokenEnc, refreshTokenEnc: _r, ...rest } = c;
  return { ...rest, hasToken: !!accessTokenEnc };
}

export async function listConnections(db: DbOrTx, provider?: Provider): Promise<ConnectionSummary[]> {
  const rows = await db.select().from(connections).where(provider ? eq(connections.provider, provider) : undefined).orderBy(desc(connections.createdAt));
  return rows.map(summarize);
}

export async function getConnection(db: DbOrTx, id: string): Promise<Connection | null> {
  const [row] = await db.select().from(connections).where(eq(connections.id, id));
  return row ?? null;
}

/** The installation's active (or re-authorise) HubSpot connection, newest first. */
export async function getActiveHubSpotConnection(db: DbOrTx): Promise<Connection | null> {
  const [row] = await db
    .select()
    .from(connections)
    .where(and(eq(connections.provider, "hubspot"), ne(connections.status, "disconnected")))
    .orderBy(desc(connections.createdAt))
    .limit(1);
  return row ?? null;
}

export async function getConnectionByPortal(db: DbOrTx, portalId: string): Promise<Connection | null> {
  const [row] = await db
    .select()
    .from(connections)
    .where(and(eq(connections.provider, "hubspot"), eq(connections.externalAccountId, portalId), ne(connections.status, "disconnected")))
    .orderBy(desc(connections.createdAt))
    .limit(1);
  return row ?? null;
}

export type SaveHubSpotConnectionInput = {
  authType: "oauth" | "private_app";
  portalId: string;
  portalName?: string | null;
  accessToken: string;
  refreshToken?: string | null;
  expiresInSeconds?: number | null;
  scopes?: string[];
  actor: AuditActor;
};

/**
 * Create the HubSpot connection, or re-use the existing one for the same portal (re-authorising keeps the synced
 * data, which is keyed by connection id). Tokens are encrypted at rest. Audited in the same transaction.
 */
export async function saveHubSpotConnection(db: DbOrTx, input: SaveHubSpotConnectionInput): Promise<Connection> {
  const now = new Date();
  const values = {
    provider: "hubspot" as const,
    authType: input.authType,
    status: "active" as const,
    externalAccountId: input.portalId,
    externalAccountName: input.portalName ?? `HubSpot portal ${input.portalId}`,
    accessTokenEnc: encryptSecret(input.accessToken),
    refreshTokenEnc: input.refreshToken ? encryptSecret(input.refreshToken) : null,
    accessTokenExpiresAt: input.expiresInSeconds ? new Date(now.getTime() + input.expiresInSeconds * 1000) : null,
    scopes: input.scopes ?? null,
    lastRefreshedAt: now,
    lastError: null,
    updatedAt: now,
  };
  const run = async (tx: DbOrTx) => {
    const [existing] = await tx
      .select()
      .from(connections)
      .where(and(eq(connections.provider, "hubspot"), eq(connections.externalAccountId, input.portalId)))
      .orderBy(desc(connections.createdAt))
      .limit(1);
    let row: Connection;
    if (existing) {
      [row] = (await tx.update(connections).set(values).where(eq(connections.id, existing.id)).returning()) as [Connection];
    } else {
      [row] = (await tx
        .insert(connections)
        .values({ ...values, createdBy: input.actor === "system" ? null : input.actor.id })
        .returning()) as [Connection];
    }
    await recordAudit(tx, {
      actor: input.actor,
      action: existing ? "connection.reconnected" : "connection.created",
      entityType: "connection",
      entityId: row.id,
      before: existing ? { status: existing.status, authType: existing.authType } : undefined,
      after: { provider: "hubspot", authType: input.authType, portalId: input.portalId, status: "active" },
    });
    return row;
  };
  return "transaction" in db ? db.transaction(run) : run(db);
}

/** Disconnect: tokens are wiped (not just flagged), synced data stays for history. Audited. */
export async function disconnectConnection(db: DbOrTx, id: string, actor: AuditActor): Promise<void> {
  const run = async (tx: DbOrTx) => {
    const [before] = await tx.select().from(connections).where(eq(connections.id, id));
    if (!before) return;
    await tx
      .update(connections)
      .set({ status: "disconnected", accessTokenEnc: null, refreshTokenEnc: null, accessTokenExpiresAt: null, refreshTokenExpiresAt: null, updatedAt: new Date() })
      .where(eq(connections.id, id));
    await recordAudit(tx, { actor, action: "connection.disconnected", entityType: "connection", entityId: id, before: { status: before.status }, after: { status: "disconnected" } });
  };
  await ("transaction" in db ? db.transaction(run) : run(db));
  resetConnectionLimiters(id);
}

/** The connection needs a person to re-authorise (token revoked, refresh refused). Jobs for it pause. */
export async function markReauthorize(db: DbOrTx, id: string, reason: string): Promise<void> {
  await db.update(connections).set({ status: "reauthorize", lastError: reason.slice(0, 1000), updatedAt: new Date() }).where(and(eq(connections.id, id), ne(connections.status, "disconnected")));
}

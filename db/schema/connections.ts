import { index, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

export const providerEnum = pgEnum("provider", ["hubspot", "freee", "moneyforward"]);
export const connectionStatusEnum = pgEnum("connection_status", ["active", "reauthorize", "disconnected"]);

/**
 * One row per connected account (a HubSpot portal, a freee company, an MF office). One of each is used per
 * installation today; the table allows more later. Tokens are stored encrypted (lib/crypto/secrets.ts).
 */
export const connections = pgTable(
  "connections",
  {
    id: uuid().primaryKey().defaultRandom(),
    provider: providerEnum().notNull(),
    /** "oauth" or "private_app" (HubSpot private-app / service key: polling only, no webhooks). */
    authType: text().notNull(),
    status: connectionStatusEnum().notNull().default("active"),
    externalAccountId: text(),
    externalAccountName: text(),
    accessTokenEnc: text(),
    refreshTokenEnc: text(),
    accessTokenExpiresAt: timestamp({ withTimezone: true }),
    refreshTokenExpiresAt: timestamp({ withTimezone: true }),
    scopes: text().array(),
    lastRefreshedAt: timestamp({ withTimezone: true }),
    lastError: text(),
    createdBy: uuid(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.provider, t.status)],
);

export type Connection = typeof connections.$inferSelect;
export type NewConnection = typeof connections.$inferInsert;
export type Provider = (typeof providerEnum.enumValues)[number];

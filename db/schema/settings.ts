import { jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

/** Installation-wide settings by key (alert channels, four-eyes approval, ...). Values are validated in lib/. */
export const appSettings = pgTable("app_settings", {
  key: text().primaryKey(),
  value: jsonb().notNull(),
  updatedBy: uuid(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export type AppSetting = typeof appSettings.$inferSelect;

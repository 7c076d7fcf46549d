import { eq } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { appSettings } from "../schema";

export async function getSetting(db: DbOrTx, key: string): Promise<unknown> {
  const [row] = await db.select().from(appSettings).where(eq(appSettings.key, key));
  return row?.value;
}

export async function putSetting(db: DbOrTx, key: string, value: unknown, updatedBy: string | null): Promise<void> {
  await db
    .insert(appSettings)
    .values({ key, value, updatedBy })
    .onConflictDoUpdate({ target: appSettings.key, set: { value, updatedBy, updatedAt: new Date() } });
}

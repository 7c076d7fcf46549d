import "server-only";
import type { DbOrTx } from "@/db/client";
import { getUserForSignIn, insertUser, updateUser } from "@/db/queries/users";
import { recordAudit } from "@/lib/audit/record-audit";
import { hashPassword } from "@/lib/auth/password";
import { DEMO_PASSWORD, DEMO_USERS } from "./demo-users";

export { DEMO_PASSWORD, DEMO_USERS };

/** Idempotent: creates missing demo users; sets the sales user's HubSpot owner id when given. */
export async function seedDemoUsers(db: DbOrTx, options: { salesOwnerId?: string | null } = {}): Promise<void> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  for (const demo of DEMO_USERS) {
    const existing = await getUserForSignIn(db, demo.email);
    const ownerId = demo.roles.includes("sales") ? (options.salesOwnerId ?? null) : null;
    if (existing) {
      if (ownerId && existing.hubspotOwnerId !== ownerId) await updateUser(db, existing.id, { hubspotOwnerId: ownerId });
      continue;
    }
    const user = await insertUser(db, { ...demo, passwordHash, hubspotOwnerId: ownerId });
    await recordAudit(db, { actor: "system", action: "user.seed_demo", entityType: "user", entityId: user.id, after: { email: demo.email, roles: demo.roles } });
  }
}

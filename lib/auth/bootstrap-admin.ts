import "server-only";
import type { DbOrTx } from "@/db/client";
import { countUsers, insertUser } from "@/db/queries/users";
import { recordAudit } from "@/lib/audit/record-audit";
import { generatePassword, hashPassword } from "./password";

/**
 * First start: with no users at all, create an admin from ADMIN_EMAIL / ADMIN_PASSWORD, or with a one-time
 * password printed once to stderr (never logged through the structured logger).
 */
export async function bootstrapAdmin(db: DbOrTx, input: { email?: string; password?: string; print?: (line: string) => void }): Promise<{ created: boolean; email?: string }> {
  if ((await countUsers(db)) > 0) return { created: false };
  const email = (input.email ?? "admin@kakehashi.local").toLowerCase();
  const generated = input.password ? null : generatePassword();
  const user = await insertUser(db, { email, name: "Administrator", passwordHash: await hashPassword(input.password ?? generated!), roles: ["admin"] });
  await recordAudit(db, { actor: "system", action: "user.bootstrap_admin", entityType: "user", entityId: user.id, after: { email, roles: ["admin"] } });
  if (generated) {
    (input.print ?? ((line) => process.stderr.write(`${line}\n`)))(
      `\n  First start: admin account created\n    e-mail:   ${email}\n    password: ${generated}   (shown once — change it in settings)\n`,
    );
  }
  return { created: true, email };
}

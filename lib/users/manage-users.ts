import "server-only";
import type { DbOrTx } from "@/db/client";
import { countActiveAdmins, getUserById, getUserForSignIn, insertUser, setUserRoles, updateUser, type UserWithRoles } from "@/db/queries/users";
import { recordAudit, type AuditActor } from "@/lib/audit/record-audit";
import { hashPassword } from "@/lib/auth/password";
import type { Role } from "@/lib/auth/permissions";

export class UserManagementError extends Error {
  override name = "UserManagementError";
}

export async function createUser(
  db: DbOrTx,
  actor: AuditActor,
  input: { email: string; name: string; password: string; roles: Role[]; hubspotOwnerId?: string | null },
): Promise<UserWithRoles> {
  if (await getUserForSignIn(db, input.email)) throw new UserManagementError("このメールアドレスは登録済みです / This e-mail is already registered");
  const user = await insertUser(db, { ...input, passwordHash: await hashPassword(input.password) });
  await recordAudit(db, { actor, action: "user.create", entityType: "user", entityId: user.id, after: { email: user.email, roles: user.roles, hubspotOwnerId: user.hubspotOwnerId } });
  return user;
}

export async function changeUserRoles(db: DbOrTx, actor: AuditActor, input: { userId: string; roles: Role[]; hubspotOwnerId?: string | null }): Promise<void> {
  const before = await getUserById(db, input.userId);
  if (!before) throw new UserManagementError("ユーザーが見つかりません / User not found");
  // Never lock the installation out: the last active admin keeps the admin role.
  if (before.roles.includes("admin") && !input.roles.includes("admin") && (await countActiveAdmins(db, input.userId)) === 0) {
    throw new UserManagementError("最後の管理者から管理者権限は外せません / The last admin cannot lose the admin role");
  }
  await setUserRoles(db, input.userId, input.roles);
  if (input.hubspotOwnerId !== undefined) await updateUser(db, input.userId, { hubspotOwnerId: input.hubspotOwnerId });
  await recordAudit(db, {
    actor,
    action: "user.roles_change",
    entityType: "user",
    entityId: input.userId,
    before: { roles: before.roles, hubspotOwnerId: before.hubspotOwnerId },
    after: { roles: input.roles, hubspotOwnerId: input.hubspotOwnerId ?? before.hubspotOwnerId },
  });
}

export async function setUserDisabled(db: DbOrTx, actor: AuditActor, input: { userId: string; disabled: boolean }): Promise<void> {
  const before = await getUserById(db, input.userId);
  if (!before) throw new UserManagementError("ユーザーが見つかりません / User not found");
  if (input.disabled && before.roles.includes("admin") && (await countActiveAdmins(db, input.userId)) === 0) {
    throw new UserManagementError("最後の管理者は無効にできません / The last admin cannot be disabled");
  }
  await updateUser(db, input.userId, { disabledAt: input.disabled ? new Date() : null });
  await recordAudit(db, { actor, action: input.disabled ? "user.disable" : "user.enable", entityType: "user", entityId: input.userId });
}

import { and, asc, count, eq, gte, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { loginAttempts, userRoles, users, type Role, type User } from "../schema";

export type UserWithRoles = Omit<User, "passwordHash"> & { roles: Role[] };

function withRoles(rows: { user: User; role: Role | null }[]): UserWithRoles[] {
  const byId = new Map<string, UserWithRoles>();
  for (const { user, role } of rows) {
    const { passwordHash: _hash, ...rest } = user;
    const entry = byId.get(user.id) ?? { ...rest, roles: [] };
    if (role) entry.roles.push(role);
    byId.set(user.id, entry);
  }
  return [...byId.values()];
}

export async function getUserById(db: DbOrTx, id: string): Promise<UserWithRoles | null> {
  const rows = await db
    .select({ user: users, role: userRoles.role })
    .from(users)
    .leftJoin(userRoles, eq(userRoles.userId, users.id))
    .where(eq(users.id, id));
  return withRoles(rows)[0] ?? null;
}

/** Includes the password hash: for sign-in only. */
export async function getUserForSignIn(db: DbOrTx, email: string): Promise<User | null> {
  const [row] = await db.select().from(users).where(eq(users.email, email.trim().toLowerCase()));
  return row ?? null;
}

export async function listUsers(db: DbOrTx): Promise<UserWithRoles[]> {
  const rows = await db
    .select({ user: users, role: userRoles.role })
    .from(users)
    .leftJoin(userRoles, eq(userRoles.userId, users.id))
    .orderBy(asc(users.email));
  return withRoles(rows);
}

export async function countUsers(db: DbOrTx): Promise<number> {
  const [row] = await db.select({ n: count() }).from(users);
  return row?.n ?? 0;
}

export async function insertUser(
  db: DbOrTx,
  input: { email: string; name: string; passwordHash: string; roles: Role[]; hubspotOwnerId?: string | null },
): Promise<UserWithRoles> {
  const [user] = await db
    .insert(users)
    .values({ email: input.email.trim().toLowerCase(), name: input.name, passwordHash: input.passwordHash, hubspotOwnerId: input.hubspotOwnerId ?? null })
    .returning();
  if (!user) throw new Error("insert users returned no row");
  if (input.roles.length > 0) await db.insert(userRoles).values(input.roles.map((role) => ({ userId: user.id, role })));
  const { passwordHash: _hash, ...rest } = user;
  return { ...rest, roles: [...input.roles] };
}

export async function setUserRoles(db: DbOrTx, userId: string, roles: Role[]): Promise<void> {
  await db.delete(userRoles).where(eq(userRoles.userId, userId));
  if (roles.length > 0) await db.insert(userRoles).values(roles.map((role) => ({ userId, role })));
}

export async function updateUser(
  db: DbOrTx,
  userId: string,
  patch: Partial<Pick<User, "name" | "hubspotOwnerId" | "disabledAt" | "passwordHash" | "locale">>,
): Promise<void> {
  await db.update(users).set({ ...patch, updatedAt: new Date() }).where(eq(users.id, userId));
}

export async function countActiveAdmins(db: DbOrTx, excludingUserId?: string): Promise<number> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .innerJoin(userRoles, and(eq(userRoles.userId, users.id), eq(userRoles.role, "admin")))
    .where(sql`${users.disabledAt} is null`);
  return rows.filter((r) => r.id !== excludingUserId).length;
}

export async function recordLoginAttempt(db: DbOrTx, input: { email: string; ip: string | null; success: boolean }): Promise<void> {
  await db.insert(loginAttempts).values({ email: input.email.trim().toLowerCase(), ip: input.ip, success: input.success });
}

export async function countRecentFailures(db: DbOrTx, input: { email: string; ip: string | null; since: Date }): Promise<{ byEmail: number; byIp: number }> {
  const [byEmail] = await db
    .select({ n: count() })
    .from(loginAttempts)
    .where(and(eq(loginAttempts.email, input.email.trim().toLowerCase()), eq(loginAttempts.success, false), gte(loginAttempts.at, input.since)));
  let byIp = 0;
  if (input.ip) {
    const [row] = await db
      .select({ n: count() })
      .from(loginAttempts)
      .where(and(eq(loginAttempts.ip, input.ip), eq(loginAttempts.success, false), gte(loginAttempts.at, input.since)));
    byIp = row?.n ?? 0;
  }
  return { byEmail: byEmail?.n ?? 0, byIp };
}

export async function getUsersByIds(db: DbOrTx, ids: string[]): Promise<UserWithRoles[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select({ user: users, role: userRoles.role })
    .from(users)
    .leftJoin(userRoles, eq(userRoles.userId, users.id))
    .where(inArray(users.id, ids));
  return withRoles(rows);
}

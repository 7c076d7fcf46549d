import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { listAuditEntries } from "@/db/queries/audit";
import { getUserById } from "@/db/queries/users";
import { openTestDb, truncateAll } from "@/test/db";
import { changeUserRoles, createUser, setUserDisabled, UserManagementError } from "./manage-users";

const { db, close } = openTestDb();
afterAll(close);
beforeEach(() => truncateAll(db));

const actor = { id: "00000000-0000-4000-8000-0000000000aa", label: "admin@test" };

describe("user management", () => {
  it("creates users with several roles and audits it", async () => {
    const user = await createUser(db, actor, { email: "Sales1@Example.jp", name: "営業", password: "long enough pw", roles: ["sales", "executive"], hubspotOwnerId: "12345" });
    const stored = await getUserById(db, user.id);
    expect(stored).toMatchObject({ email: "sales1@example.jp", hubspotOwnerId: "12345" });
    expect(stored?.roles.sort()).toEqual(["executive", "sales"]);
    const audit = await listAuditEntries(db, { entityType: "user", entityId: user.id });
    expect(audit[0]).toMatchObject({ action: "user.create", actorLabel: "admin@test" });
    expect(JSON.stringify(audit[0]?.after)).not.toContain("long enough pw");
  });

  it("refuses a duplicate e-mail", async () => {
    await createUser(db, actor, { email: "dup@example.jp", name: "a", password: "long enough pw", roles: ["sales"] });
    await expect(createUser(db, actor, { email: "DUP@example.jp", name: "b", password: "long enough pw", roles: ["sales"] })).rejects.toBeInstanceOf(UserManagementError);
  });

  it("never removes or disables the last active admin", async () => {
    const admin = await createUser(db, actor, { email: "admin@example.jp", name: "a", password: "long enough pw", roles: ["admin"] });
    await expect(changeUserRoles(db, actor, { userId: admin.id, roles: ["finance"] })).rejects.toThrow(/last admin/);
    await expect(setUserDisabled(db, actor, { userId: admin.id, disabled: true })).rejects.toThrow(/last admin/);
    const second = await createUser(db, actor, { email: "admin2@example.jp", name: "b", password: "long enough pw", roles: ["admin"] });
    await changeUserRoles(db, actor, { userId: admin.id, roles: ["finance"] });
    expect((await getUserById(db, admin.id))?.roles).toEqual(["finance"]);
    expect((await getUserById(db, second.id))?.roles).toEqual(["admin"]);
  });
});

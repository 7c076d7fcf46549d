import { afterAll, describe, expect, it } from "vitest";
import { openTestDb } from "@/test/db";
import { ACTION_ACCESS } from "./access-table";
import { PERMISSIONS, ROLES, type Permission, type Role } from "./permissions";
import { setSessionResolverForTests } from "./session";

/**
 * Table-driven: every permission-gated server action in ACTION_ACCESS is called as each role. Roles without the
 * permission must get "forbidden"; roles with it must get past the check (an empty input then fails validation).
 * A signed-out caller always gets "unauthenticated".
 */
const { close } = openTestDb();
afterAll(async () => {
  setSessionResolverForTests(null);
  await close();
});

const gated = Object.entries(ACTION_ACCESS).filter(([, access]) => access !== "public" && access !== "signed-in") as [string, Permission][];

function asRole(role: Role | null) {
  setSessionResolverForTests(async () =>
    role ? { id: "00000000-0000-4000-8000-000000000001", email: `${role}@test.local`, name: role, roles: [role], hubspotOwnerId: null, locale: "ja" } : null,
  );
}

describe.each(gated)("%s requires %s", (key, permission) => {
  const [file, exportName] = key.split("#") as [string, string];
  const load = async () => {
    const mod = (await import(`../actions/${file}.ts`)) as Record<string, (input: unknown) => Promise<{ ok: boolean; error?: string }>>;
    const action = mod[exportName];
    if (!action) throw new Error(`${key} is not exported`);
    return action;
  };

  it.each(ROLES.map((role) => [role, (PERMISSIONS[permission] as readonly Role[]).includes(role)] as const))("as %s allowed=%s", async (role, allowed) => {
    const action = await load();
    asRole(role);
    const result = await action({});
    if (allowed) expect(result.error).not.toBe("forbidden");
    else expect(result).toMatchObject({ ok: false, error: "forbidden" });
  });

  it("signed out → unauthenticated", async () => {
    const action = await load();
    asRole(null);
    expect(await action({})).toMatchObject({ ok: false, error: "unauthenticated" });
  });
});

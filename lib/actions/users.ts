"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { ActionError, authedAction } from "@/lib/auth/guards";
import { ROLES } from "@/lib/auth/permissions";
import { changeUserRoles, createUser, setUserDisabled, UserManagementError } from "@/lib/users/manage-users";

const roles = z.preprocess((v) => (typeof v === "string" ? v.split(",").filter(Boolean) : v), z.array(z.enum(ROLES)).min(1, "少なくとも1つの権限 / at least one role"));
const ownerId = z.preprocess((v) => (v === "" ? null : v), z.string().trim().max(64).nullable().optional());

function rethrow(error: unknown): never {
  if (error instanceof UserManagementError) throw new ActionError(error.message);
  throw error;
}

export const createUserAction = authedAction(
  "users.manage",
  z.object({ email: z.email(), name: z.string().trim().min(1).max(100), password: z.string().min(10).max(200), roles, hubspotOwnerId: ownerId }),
  async (input, user) => {
    const db = await getDb();
    const created = await db.transaction((tx) => createUser(tx, { id: user.id, label: user.email }, input)).catch(rethrow);
    revalidatePath("/settings");
    return { id: created.id };
  },
);

export const updateUserRolesAction = authedAction(
  "users.manage",
  z.object({ userId: z.uuid(), roles, hubspotOwnerId: ownerId }),
  async (input, user) => {
    const db = await getDb();
    await db.transaction((tx) => changeUserRoles(tx, { id: user.id, label: user.email }, input)).catch(rethrow);
    revalidatePath("/settings");
    return null;
  },
);

export const setUserDisabledAction = authedAction(
  "users.manage",
  z.object({ userId: z.uuid(), disabled: z.preprocess((v) => v === true || v === "true", z.boolean()) }),
  async (input, user) => {
    if (input.userId === user.id && input.disabled) throw new ActionError("自分自身は無効にできません / You cannot disable yourself");
    const db = await getDb();
    await db.transaction((tx) => setUserDisabled(tx, { id: user.id, label: user.email }, input)).catch(rethrow);
    revalidatePath("/settings");
    return null;
  },
);

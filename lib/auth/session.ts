import "server-only";
import { cache } from "react";
import { getDb } from "@/db/client";
import { getUserById } from "@/db/queries/users";
import type { Role } from "./permissions";

export type SessionUser = {
  id: string;
  email: string;
  name: string;
  roles: Role[];
  hubspotOwnerId: string | null;
  locale: string;
};

type Resolver = () => Promise<SessionUser | null>;

async function resolveFromNextAuth(): Promise<SessionUser | null> {
  const { uncachedAuth } = await import("./config");
  const session = await uncachedAuth();
  const id = session?.user?.id;
  if (!id) return null;
  const user = await getUserById(await getDb(), id);
  if (!user || user.disabledAt) return null;
  return { id: user.id, email: user.email, name: user.name, roles: user.roles, hubspotOwnerId: user.hubspotOwnerId, locale: user.locale };
}

let resolver: Resolver = resolveFromNextAuth;

/** The signed-in user with roles fresh from the database, once per request. */
export const getCurrentUser = cache(async (): Promise<SessionUser | null> => resolver());

/**
 * Tests of server actions and route handlers run outside a Next request; they swap the session source here.
 * Refused outside the test runner so it can never become a back door.
 */
export function setSessionResolverForTests(next: Resolver | null): void {
  if (!process.env.VITEST) throw new Error("setSessionResolverForTests is only available under the test runner");
  resolver = next ?? resolveFromNextAuth;
}

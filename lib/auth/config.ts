import "server-only";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { getDb } from "@/db/client";
import { env } from "@/lib/env";
import { verifyCredentials } from "./verify-credentials";

class RateLimitedSignIn extends CredentialsSignin {
  override code = "rate_limited";
}
class DisabledSignIn extends CredentialsSignin {
  override code = "disabled";
}

const credentialsSchema = z.object({ email: z.string().trim().min(1), password: z.string().min(1) });

function clientIp(request: Request | undefined): string | null {
  const forwarded = request?.headers.get("x-forwarded-for");
  return forwarded?.split(",")[0]?.trim() || request?.headers.get("x-real-ip") || null;
}

// Lazy configuration: the environment is read on the first request, not when `next build` imports this module.
export const { handlers, auth: uncachedAuth, signIn, signOut } = NextAuth(() => ({
  trustHost: true,
  secret: env().AUTH_SECRET,
  // Credentials sign-in requires JWT sessions; roles are NOT kept in the token but read from the database on
  // every request (lib/auth/session.ts), so a role change or a disabled account takes effect at once.
  session: { strategy: "jwt", maxAge: 8 * 60 * 60 },
  pages: { signIn: "/login" },
  providers: [
    Credentials({
      credentials: { email: { label: "Email" }, password: { label: "Password", type: "password" } },
      authorize: async (raw, request) => {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) return null;
        const db = await getDb();
        const result = await verifyCredentials(db, { ...parsed.data, ip: clientIp(request) });
        if (result.ok) return { id: result.userId, email: parsed.data.email };
        if (result.reason === "rate_limited") throw new RateLimitedSignIn();
        if (result.reason === "disabled") throw new DisabledSignIn();
        return null;
      },
    }),
  ],
  callbacks: {
    jwt: ({ token, user }) => {
      if (user?.id) token.uid = user.id;
      return token;
    },
    session: ({ session, token }) => {
      if (typeof token.uid === "string") session.user.id = token.uid;
      return session;
    },
  },
}));

import { NextResponse, type NextRequest } from "next/server";

/**
 * Coarse redirect only (Next 16's proxy, formerly middleware): a request without any session cookie goes to the
 * sign-in page, remembering where it was going. Real checks happen on the server in every page, route handler and
 * server action (lib/auth/guards.ts) — a forged cookie gets no further than this.
 */
const PUBLIC_PREFIXES = ["/login", "/api/", "/_next/", "/favicon"];
const SESSION_COOKIES = ["authjs.session-token", "__Secure-authjs.session-token"];

export function proxy(request: NextRequest): NextResponse {
  const { pathname, search } = request.nextUrl;
  if (PUBLIC_PREFIXES.some((prefix) => pathname === prefix || pathname.startsWith(prefix))) return NextResponse.next();
  if (SESSION_COOKIES.some((name) => request.cookies.has(name))) return NextResponse.next();
  const login = new URL("/login", request.url);
  if (pathname !== "/") login.searchParams.set("callbackUrl", `${pathname}${search}`);
  return NextResponse.redirect(login);
}

export const config = { matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"] };

// GET/POST /api/auth/* – next-auth's own endpoints (sign-in, session, CSRF). Public by nature.
import { handlers } from "@/lib/auth/config";

export const { GET, POST } = handlers;

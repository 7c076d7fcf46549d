import type { Role } from "@/lib/auth/permissions";

/** The demo's users, one per role; credentials are documented in the README. Never used outside the demo. */
export const DEMO_PASSWORD = "kakehashi-demo";
export const DEMO_USERS: { email: string; name: string; roles: Role[] }[] = [
  { email: "admin@demo.kakehashi.jp", name: "管理 太郎", roles: ["admin"] },
  { email: "finance@demo.kakehashi.jp", name: "経理 花子", roles: ["finance"] },
  { email: "exec@demo.kakehashi.jp", name: "経営 一郎", roles: ["executive"] },
  { email: "sales@demo.kakehashi.jp", name: "営業 次郎", roles: ["sales"] },
];

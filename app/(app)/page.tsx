import { redirect } from "next/navigation";
import { requireUser } from "@/lib/auth/guards";
import { homeFor } from "@/lib/navigation";

export default async function HomePage() {
  const user = await requireUser("/");
  redirect(homeFor(user.roles));
}

import { PlaceholderPage } from "@/components/layout/placeholder-page";
import { requirePermission } from "@/lib/auth/guards";

export default async function Page() {
  await requirePermission("sync.view", "/sync");
  return <PlaceholderPage page="sync" />;
}

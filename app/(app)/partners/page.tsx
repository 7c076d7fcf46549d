import { PlaceholderPage } from "@/components/layout/placeholder-page";
import { requirePermission } from "@/lib/auth/guards";

export default async function Page() {
  await requirePermission("partners.view", "/partners");
  return <PlaceholderPage page="partners" />;
}

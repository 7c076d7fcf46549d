import { PlaceholderPage } from "@/components/layout/placeholder-page";
import { requirePermission } from "@/lib/auth/guards";

export default async function Page() {
  await requirePermission("forecast.view", "/forecast");
  return <PlaceholderPage page="forecast" />;
}

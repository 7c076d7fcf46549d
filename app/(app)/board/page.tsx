import { PlaceholderPage } from "@/components/layout/placeholder-page";
import { requirePermission } from "@/lib/auth/guards";

export default async function Page() {
  await requirePermission("board.view", "/board");
  return <PlaceholderPage page="board" />;
}

"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { authedAction } from "@/lib/auth/guards";
import { previewMappingRules, saveMappingRules } from "@/lib/invoicing/manage-mapping-rules";
import { mappingRulesSchema } from "@/lib/invoicing/mapping-rules";

export const saveMappingRulesAction = authedAction(
  "mapping.manage",
  z.object({ rules: mappingRulesSchema, note: z.string().trim().max(500).nullable().optional() }),
  async ({ rules, note }, user) => {
    const db = await getDb();
    const row = await saveMappingRules(db, { id: user.id, label: user.email }, { rules, note: note || null });
    revalidatePath("/settings/mapping");
    return { id: row.id, version: row.version };
  },
);

/** Dry run: writes nothing. */
export const previewMappingRulesAction = authedAction(
  "mapping.manage",
  z.object({ rules: mappingRulesSchema, limit: z.number().int().min(1).max(50).optional() }),
  async ({ rules, limit }) => previewMappingRules(await getDb(), rules, limit ?? 10),
);

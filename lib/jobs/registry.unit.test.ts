import { describe, expect, it } from "vitest";
import { jobDefinitions } from "./registry";

describe("job registry", () => {
  it("names every queue once", () => {
    const names = jobDefinitions.map((d) => d.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it("every schedule is a five-field cron whose payload its own schema accepts", () => {
    for (const d of jobDefinitions.filter((x) => x.schedule)) {
      expect(d.schedule!.cron.split(/\s+/), d.name).toHaveLength(5);
      expect(d.schema.safeParse(d.schedule!.payload).success, d.name).toBe(true);
    }
  });

  it("accounting data is re-read in full every night, besides the frequent incremental and due-date runs", () => {
    const scheduled = jobDefinitions.filter((d) => d.name.startsWith("accounting.") && d.schedule).map((d) => [d.name, d.schedule!.cron, (d.schedule!.payload as { mode: string }).mode]);
    expect(scheduled).toEqual([
      ["accounting.sync", "*/15 * * * *", "incremental"],
      ["accounting.sync-due", "*/10 * * * *", "due"],
      ["accounting.sync-nightly", "30 3 * * *", "full"],
    ]);
  });
});

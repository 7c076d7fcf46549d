import { describe, expect, it } from "vitest";
import { SearchEngine, SearchValidationError } from "./search";
import { HubSpotStore } from "./store";

function fixture() {
  const store = new HubSpotStore();
  const mk = (props: Record<string, string>) => store.create("companies", store.normalize("companies", props), "API");
  const a = mk({ name: "東京商事株式会社", domain: "tokyo-shoji.co.jp", numberofemployees: "50" });
  const b = mk({ name: "東京商事サービス株式会社", domain: "tokyo-shoji-service.co.jp", numberofemployees: "5" });
  const c = mk({ name: "Alpha Tech合同会社", domain: "alpha.example" });
  return { store, search: new SearchEngine(store), a, b, c };
}

describe("SearchEngine", () => {
  it("EQ on strings is case-insensitive and exact; CONTAINS_TOKEN matches tokens and wildcards", () => {
    const { search, a, c } = fixture();
    const eq = search.run("companies", { filterGroups: [{ filters: [{ propertyName: "name", operator: "EQ", value: "東京商事株式会社" }] }] }, 10);
    expect(eq.results.map((r) => r.id)).toEqual([a.id]);
    const fold = search.run("companies", { filterGroups: [{ filters: [{ propertyName: "name", operator: "EQ", value: "alpha tech合同会社" }] }] }, 10);
    expect(fold.results.map((r) => r.id)).toEqual([c.id]);
    const tok = search.run("companies", { filterGroups: [{ filters: [{ propertyName: "domain", operator: "CONTAINS_TOKEN", value: "*shoji*" }] }] }, 10);
    expect(tok.total).toBe(2);
  });

  it("numbers compare numerically; missing values never match ranges and sort last", () => {
    const { search, a, b, c } = fixture();
    const gt = search.run("companies", { filterGroups: [{ filters: [{ propertyName: "numberofemployees", operator: "GT", value: "10" }] }] }, 10);
    expect(gt.results.map((r) => r.id)).toEqual([a.id]);
    const sorted = search.run("companies", { sorts: ["numberofemployees"], limit: 10 }, 10);
    expect(sorted.results.map((r) => r.id)).toEqual([b.id, a.id, c.id]);
    const desc = search.run("companies", { sorts: [{ propertyName: "numberofemployees", direction: "DESCENDING" }], limit: 10 }, 10);
    expect(desc.results.map((r) => r.id)).toEqual([a.id, b.id, c.id]);
    const missing = search.run("companies", { filterGroups: [{ filters: [{ propertyName: "numberofemployees", operator: "NOT_HAS_PROPERTY" }] }] }, 10);
    expect(missing.results.map((r) => r.id)).toEqual([c.id]);
  });

  it("pages with an offset-like after and refuses to page past 10,000", () => {
    const { search } = fixture();
    const p1 = search.run("companies", { limit: 2 }, 10);
    expect(p1.nextAfter).toBe("2");
    const p2 = search.run("companies", { limit: 2, after: "2" }, 10);
    expect(p2.results).toHaveLength(1);
    expect(p2.nextAfter).toBeNull();
    expect(() => search.run("companies", { limit: 100, after: "9950" }, 10)).toThrow(SearchValidationError);
    expect(() => search.run("companies", { limit: 201 }, 10)).toThrow(SearchValidationError);
    expect(() => search.run("companies", {}, 3001)).toThrow(SearchValidationError);
    expect(() => search.run("companies", { filterGroups: [{ filters: [{ propertyName: "nope", operator: "EQ", value: "x" }] }] }, 10)).toThrow(SearchValidationError);
  });

  it("sees writes immediately (cache invalidated by the store version) and never returns archived records", () => {
    const { store, search, a } = fixture();
    const q = { filterGroups: [{ filters: [{ propertyName: "name", operator: "EQ", value: "新社名株式会社" }] }] };
    expect(search.run("companies", q, 10).total).toBe(0);
    store.update(a, store.normalize("companies", { name: "新社名株式会社" }), "API");
    expect(search.run("companies", q, 10).total).toBe(1);
    store.archive(a, "API");
    expect(search.run("companies", q, 10).total).toBe(0);
  });
});

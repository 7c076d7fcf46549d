import { describe, expect, it } from "vitest";
import { slotsOf, textTemplates } from "./text-templates";

describe("textTemplates", () => {
  const texts = textTemplates({
    plain: "no partner close enough",
    one: "partner {partnerId} was rejected for this company earlier",
    twice: "法人番号 {number} equals the partner's registration number T{number}",
    specials: "similar name (bigram similarity {dice}, Jaro-Winkler {jw}) [*+?^$|\\.]",
    adjacent: "{count} partners match equally ({ids}): possible duplicates",
  });

  it("formats the stored text from its values", () => {
    expect(texts.format("one", { partnerId: "p-1" })).toBe("partner p-1 was rejected for this company earlier");
    expect(texts.format("twice", { number: "1234567890123" })).toBe("法人番号 1234567890123 equals the partner's registration number T1234567890123");
    expect(texts.format("adjacent", { count: 2, ids: "a, b" })).toBe("2 partners match equally (a, b): possible duplicates");
  });

  it("refuses to format without a value for every slot", () => {
    expect(() => texts.format("one")).toThrow(/partnerId/);
  });

  it("parses a formatted text back into its key and values", () => {
    const samples = [
      ["plain", {}],
      ["one", { partnerId: "p-1" }],
      ["twice", { number: "1234567890123" }],
      ["specials", { dice: "0.83", jw: "0.91" }],
      ["adjacent", { count: "3", ids: "a, b, c" }],
    ] as const;
    for (const [key, values] of samples) expect(texts.parse(texts.format(key, values))).toEqual({ key, values });
  });

  it("keeps values that contain the template's own punctuation", () => {
    expect(texts.parse(texts.format("adjacent", { count: 2, ids: "x (1), y: 2" }))).toEqual({ key: "adjacent", values: { count: "2", ids: "x (1), y: 2" } });
  });

  it("does not parse a text no template produced, nor a repeated slot with two values", () => {
    expect(texts.parse("chosen by a person")).toBeNull();
    expect(texts.parse("partner p-1 was rejected for this company earlier.")).toBeNull();
    expect(texts.parse("法人番号 1234567890123 equals the partner's registration number T9999999999999")).toBeNull();
    // Regex metacharacters in a template are literal.
    expect(texts.parse("similar name (bigram similarity 0.8, Jaro-Winkler 0.9) [xxxxxxxxx]")).toBeNull();
  });

  it("lists a template's slots once each, in order", () => {
    expect(slotsOf(texts.templates.twice)).toEqual(["number"]);
    expect(slotsOf(texts.templates.adjacent)).toEqual(["count", "ids"]);
    expect(slotsOf(texts.templates.plain)).toEqual([]);
  });
});

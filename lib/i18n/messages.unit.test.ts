import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { LOCALES } from "./locale";
import { loadMessages, NAMESPACES } from "./messages";

const dir = path.join(__dirname, "messages");
const files = (locale: string) => readdirSync(path.join(dir, locale)).filter((f) => f.endsWith(".json")).map((f) => f.replace(/\.json$/, "")).sort();

/** "a.b.c" → the message's ICU argument names, for every leaf. */
function leaves(value: unknown, prefix = ""): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (typeof value === "string") {
    // Top-level ICU arguments only ({name}, {count, plural, …}); nested plural branches repeat them.
    const args = [...value.matchAll(/\{\s*([A-Za-z_][\w]*)\s*[,}]/g)].map((m) => m[1]!);
    out.set(prefix, [...new Set(args)].sort());
    return out;
  }
  if (value && typeof value === "object") {
    for (const [key, child] of Object.entries(value)) for (const [k, v] of leaves(child, prefix ? `${prefix}.${key}` : key)) out.set(k, v);
    return out;
  }
  out.set(prefix, ["<not a string>"]);
  return out;
}

describe("messages", () => {
  it("every namespace file is registered, in every locale", () => {
    for (const locale of LOCALES) expect(files(locale)).toEqual([...NAMESPACES].sort());
  });

  it.each(NAMESPACES)("%s: Japanese and English have the same keys and the same placeholders", async (ns) => {
    const ja = leaves((await loadMessages("ja"))[ns]);
    const en = leaves((await loadMessages("en"))[ns]);
    expect([...en.keys()].sort()).toEqual([...ja.keys()].sort());
    for (const [key, args] of ja) expect({ key, args: en.get(key) }).toEqual({ key, args });
  });

  it("no message is empty", () => {
    for (const locale of LOCALES)
      for (const ns of NAMESPACES) {
        const json = JSON.parse(readFileSync(path.join(dir, locale, `${ns}.json`), "utf8")) as unknown;
        for (const [key, args] of leaves(json)) {
          expect(args, `${locale}/${ns}:${key}`).not.toContain("<not a string>");
        }
        expect(JSON.stringify(json)).not.toMatch(/:\s*""/);
      }
  });
});

import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ACTION_ACCESS, PAGE_ACCESS, ROUTE_ACCESS } from "./access-table";
import { PERMISSIONS } from "./permissions";

const root = path.resolve(__dirname, "../..");

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

/** app/(app)/invoices/[id]/page.tsx → /invoices/[id] */
function toUrlPath(file: string): string {
  const rel = path.relative(path.join(root, "app"), path.dirname(file)).split(path.sep).filter((s) => s && !/^\(.*\)$/.test(s));
  return `/${rel.join("/")}`;
}

const appFiles = walk(path.join(root, "app"));

describe("access table covers everything that exists", () => {
  it("every page has an entry", () => {
    const pages = appFiles.filter((f) => /[/\\]page\.tsx$/.test(f)).map(toUrlPath);
    expect(pages.length).toBeGreaterThan(5);
    const missing = pages.filter((p) => !(p in PAGE_ACCESS));
    expect(missing, `pages without an entry in PAGE_ACCESS: ${missing.join(", ")}`).toEqual([]);
  });

  it("every route handler method has an entry", () => {
    const missing: string[] = [];
    for (const file of appFiles.filter((f) => /[/\\]route\.ts$/.test(f))) {
      const url = toUrlPath(file);
      const source = readFileSync(file, "utf8");
      const methods = [...source.matchAll(/export (?:async function|const) (GET|POST|PUT|PATCH|DELETE)\b|export const \{ ([A-Z, ]+) \}/g)].flatMap((m) =>
        m[1] ? [m[1]] : (m[2] ?? "").split(",").map((s) => s.trim()),
      );
      expect(methods.length, `${file} exports no handler the test can see`).toBeGreaterThan(0);
      for (const method of methods) if (!ROUTE_ACCESS[url]?.[method as "GET"]) missing.push(`${method} ${url}`);
    }
    expect(missing, `route handlers without an entry in ROUTE_ACCESS: ${missing.join(", ")}`).toEqual([]);
  });

  it("every server action has an entry", () => {
    const dir = path.join(root, "lib/actions");
    const missing: string[] = [];
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".ts") && !f.includes(".test."))) {
      const source = readFileSync(path.join(dir, file), "utf8");
      expect(source.startsWith('"use server"'), `${file} must start with "use server"`).toBe(true);
      for (const m of source.matchAll(/export (?:async function|const) (\w+)/g)) {
        const key = `${file.replace(/\.ts$/, "")}#${m[1]}`;
        if (!(key in ACTION_ACCESS)) missing.push(key);
      }
    }
    expect(missing, `server actions without an entry in ACTION_ACCESS: ${missing.join(", ")}`).toEqual([]);
  });

  it("entries name real permissions and no stale entries remain", () => {
    const valid = new Set([...Object.keys(PERMISSIONS), "public", "signed-in"]);
    const all = [...Object.values(PAGE_ACCESS), ...Object.values(ROUTE_ACCESS).flatMap((m) => Object.values(m)), ...Object.values(ACTION_ACCESS)];
    expect(all.filter((a) => !valid.has(a))).toEqual([]);
    const pages = new Set(appFiles.filter((f) => /[/\\]page\.tsx$/.test(f)).map(toUrlPath));
    expect(Object.keys(PAGE_ACCESS).filter((p) => !pages.has(p))).toEqual([]);
  });
});

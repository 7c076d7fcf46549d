import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * Development and demo only: a random secret generated on first start and kept under `.data/` (git-ignored),
 * so a fresh clone runs without configuration. Production must set the variable instead (lib/env.ts refuses).
 */
export function readOrCreateLocalSecret(fileName: string, bytes = 32): string {
  // Chosen at run time; the ignore comment keeps Next from tracing the whole project because of it.
  const root = path.resolve(/*turbopackIgnore: true*/ process.env.KAKEHASHI_DATA_DIR ?? path.join(process.cwd(), ".data"));
  const file = path.join(root, fileName);
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(root, { recursive: true });
  const secret = randomBytes(bytes).toString("base64");
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

/**
 * `npm test` — every check, in order: lint, typecheck, unit, integration (real Postgres + sandbox), build, e2e
 * (Playwright in Chromium). Every step runs even if an earlier one failed (except e2e without a build), so one
 * run shows everything; the exit code is non-zero if any step failed.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";

type Counts = { passed: number; failed: number; skipped: number };
type Step = { name: string; command: string[]; env?: Record<string, string>; counts?: () => Counts | null; needs?: string };

const results = path.resolve("test-results");
rmSync(results, { recursive: true, force: true });
mkdirSync(results, { recursive: true });
const only = process.argv.slice(2).filter((a) => !a.startsWith("-"));

function vitestCounts(file: string): () => Counts | null {
  return () => {
    if (!existsSync(file)) return null;
    const report = JSON.parse(readFileSync(file, "utf8")) as { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number };
    return { passed: report.numPassedTests, failed: report.numFailedTests, skipped: report.numPendingTests + report.numTodoTests };
  };
}

function playwrightCounts(file: string): () => Counts | null {
  return () => {
    if (!existsSync(file)) return null;
    const report = JSON.parse(readFileSync(file, "utf8")) as { stats: { expected: number; unexpected: number; flaky: number; skipped: number } };
    return { passed: report.stats.expected + report.stats.flaky, failed: report.stats.unexpected, skipped: report.stats.skipped };
  };
}

const npx = (...args: string[]) => ["npx", "--no-install", ...args];
const steps: Step[] = [
  { name: "lint", command: npx("eslint", "--max-warnings=0", ".") },
  { name: "typecheck", command: npx("tsc", "--noEmit") },
  {
    name: "unit",
    command: npx("vitest", "run", "--config", "vitest.config.ts", "--reporter=default", "--reporter=json", `--outputFile.json=${results}/unit.json`),
    counts: vitestCounts(`${results}/unit.json`),
  },
  {
    name: "integration",
    command: npx("vitest", "run", "--config", "vitest.integration.config.ts", "--reporter=default", "--reporter=json", `--outputFile.json=${results}/integration.json`),
    counts: vitestCounts(`${results}/integration.json`),
  },
  { name: "build", command: npx("next", "build") },
  {
    name: "e2e",
    command: npx("playwright", "test", "--reporter=list,json"),
    env: { PLAYWRIGHT_JSON_OUTPUT_NAME: `${results}/e2e.json` },
    counts: playwrightCounts(`${results}/e2e.json`),
    needs: "build",
  },
];

const outcome = new Map<string, { ok: boolean; seconds: number; counts: Counts | null }>();
for (const step of steps) {
  if (only.length > 0 && !only.includes(step.name)) continue;
  if (step.needs && outcome.get(step.needs)?.ok === false) {
    outcome.set(step.name, { ok: false, seconds: 0, counts: null });
    process.stderr.write(`\n▶ ${step.name}: not run (${step.needs} failed)\n`);
    continue;
  }
  process.stderr.write(`\n▶ ${step.name}: ${step.command.join(" ")}\n`);
  const started = Date.now();
  // NODE_OPTIONS is cleared: this runner's react-server condition must not leak into Next or the tests.
  const run = spawnSync(step.command[0]!, step.command.slice(1), { stdio: "inherit", env: { ...process.env, NODE_OPTIONS: "", ...step.env } });
  const ok = run.status === 0;
  outcome.set(step.name, { ok, seconds: (Date.now() - started) / 1000, counts: step.counts?.() ?? null });
}

const total: Counts = { passed: 0, failed: 0, skipped: 0 };
process.stdout.write("\nSummary\n");
for (const [name, { ok, seconds, counts }] of outcome) {
  if (counts) {
    total.passed += counts.passed;
    total.failed += counts.failed;
    total.skipped += counts.skipped;
  } else if (!ok) {
    total.failed += 1; // a failed step without test counts (lint, typecheck, build) counts as one failure
  }
  const detail = counts ? ` (${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped)` : "";
  process.stdout.write(`  ${ok ? "✓" : "✗"} ${name.padEnd(12)} ${seconds.toFixed(0).padStart(4)} s${detail}\n`);
}
const failedSteps = [...outcome.values()].filter((o) => !o.ok).length;
process.stdout.write(`\n${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped\n`);
process.exit(failedSteps > 0 ? 1 : 0);

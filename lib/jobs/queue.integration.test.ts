import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { openTestDb } from "@/test/db";
import { deadLetterName, InvalidJobPayloadError, sendJob } from "./boss";
import { NonRetryableJobError } from "./errors";
import { onFinalJobFailure, type FinalFailure } from "./final-failure";
import { startWorker, type RunningWorker } from "./run-worker";
import { defineJob, type JobDefinition } from "./types";

/** The queue against real Postgres: retries with backoff, dead letters, alerts once, singleton keys. */
const { url, close } = openTestDb();
const attempts = new Map<string, number[]>();
const failures: FinalFailure[] = [];
onFinalJobFailure(async (failure) => {
  failures.push(failure);
});

const record = (key: string) => attempts.set(key, [...(attempts.get(key) ?? []), Date.now()]);

const flaky = defineJob({
  name: "test.flaky",
  schema: z.object({ key: z.string(), failTimes: z.number() }),
  queue: { retryLimit: 3, retryDelay: 1, retryBackoff: true },
  handler: async () => ({
    default: async ({ key, failTimes }) => {
      record(key);
      if ((attempts.get(key)?.length ?? 0) <= failTimes) throw new Error(`planned failure ${attempts.get(key)?.length}`);
    },
  }),
});
const broken = defineJob({
  name: "test.broken",
  schema: z.object({ key: z.string() }),
  queue: { retryLimit: 1, retryDelay: 1, retryBackoff: false },
  handler: async () => ({
    default: async ({ key }) => {
      record(key);
      throw new Error("always broken");
    },
  }),
});
const permanent = defineJob({
  name: "test.permanent",
  schema: z.object({ key: z.string() }),
  queue: { retryLimit: 5, retryDelay: 1, retryBackoff: false },
  handler: async () => ({
    default: async ({ key }) => {
      record(key);
      throw new NonRetryableJobError("provider said 400: partner name is required");
    },
  }),
});
const stately = defineJob({
  name: "test.stately",
  schema: z.object({ key: z.string() }),
  queue: { policy: "stately", retryLimit: 0, retryDelay: 1, retryBackoff: false },
  handler: async () => ({ default: async ({ key }) => void record(key) }),
});
const definitions = [flaky, broken, permanent, stately] as JobDefinition[];

let worker: RunningWorker;
beforeAll(async () => {
  worker = await startWorker({ url, definitions, schedules: false, pollingIntervalSeconds: 0.5 });
});
afterAll(async () => {
  await worker.stop();
  await close();
});

async function waitFor(predicate: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("job queue", () => {
  it("retries with growing (exponential) delays until it succeeds, without alerting", async () => {
    await worker.boss.send("test.flaky", { key: "flaky-1", failTimes: 2 });
    await waitFor(() => (attempts.get("flaky-1")?.length ?? 0) === 3);
    const [a, b, c] = attempts.get("flaky-1")!;
    expect(b! - a!).toBeGreaterThanOrEqual(900); // first retry: ≥ 1 s
    expect(c! - b!).toBeGreaterThan(b! - a!); // then longer
    await new Promise((r) => setTimeout(r, 500));
    expect(failures.filter((f) => f.jobName === "test.flaky")).toHaveLength(0);
  }, 40_000);

  it("after the last retry: dead-lettered and alerted exactly once", async () => {
    const id = await worker.boss.send("test.broken", { key: "broken-1" });
    await waitFor(() => failures.some((f) => f.jobId === id));
    await new Promise((r) => setTimeout(r, 2500));
    expect(attempts.get("broken-1")).toHaveLength(2); // first try + 1 retry
    expect(failures.filter((f) => f.jobId === id)).toEqual([expect.objectContaining({ kind: "retries_exhausted", reason: "always broken" })]);
    await new Promise((r) => setTimeout(r, 1500)); // let pg-boss finish moving the job
    const job = await worker.boss.getJobById("test.broken", id!);
    expect(job?.state).toBe("failed");
    const dead = await worker.boss.fetch(deadLetterName("test.broken"));
    expect(dead?.map((j) => j.data)).toContainEqual({ key: "broken-1" });
  }, 40_000);

  it("an invalid payload is not retried and goes to the dead-letter queue", async () => {
    const id = await worker.boss.send("test.broken", { nonsense: true });
    await waitFor(() => failures.some((f) => f.jobId === id));
    await new Promise((r) => setTimeout(r, 2000));
    expect(failures.filter((f) => f.jobId === id)).toEqual([expect.objectContaining({ kind: "invalid_payload" })]);
    const job = await worker.boss.getJobById("test.broken", id!);
    expect(job?.retryCount).toBe(0);
    expect(job?.state).toBe("completed");
  }, 40_000);

  it("a non-retryable error fails once, alerts once, no retries", async () => {
    const id = await worker.boss.send("test.permanent", { key: "perm-1" });
    await waitFor(() => failures.some((f) => f.jobId === id));
    await new Promise((r) => setTimeout(r, 2000));
    expect(attempts.get("perm-1")).toHaveLength(1);
    expect(failures.filter((f) => f.jobId === id)).toEqual([expect.objectContaining({ kind: "non_retryable", reason: expect.stringContaining("partner name") })]);
  }, 40_000);

  it("singleton keys make enqueues idempotent", async () => {
    await worker.stop(); // nothing consumes while we enqueue
    worker = await startWorker({ url, definitions: [], schedules: false });
    const first = await worker.boss.send("test.stately", { key: "s-1" }, { singletonKey: "draft-123" });
    const second = await worker.boss.send("test.stately", { key: "s-1" }, { singletonKey: "draft-123" });
    const other = await worker.boss.send("test.stately", { key: "s-2" }, { singletonKey: "draft-456" });
    expect(first).toBeTruthy();
    expect(second).toBeNull();
    expect(other).toBeTruthy();
    await worker.stop();
    worker = await startWorker({ url, definitions, schedules: false, pollingIntervalSeconds: 0.5 });
    await waitFor(() => attempts.has("s-1") && attempts.has("s-2"));
    expect(attempts.get("s-1")).toHaveLength(1);
  }, 40_000);

  it("sendJob validates the payload before anything is queued", async () => {
    await expect(sendJob("system.heartbeat", { unexpected: 1 }, {}, worker.boss)).rejects.toBeInstanceOf(InvalidJobPayloadError);
  });
});

/**
 * Shared public types of the sandbox (contract): `EmulatorHandle` returned by every `start*Emulator`, and the
 * `EmulatorStartOptions` they accept. `seed: false` starts empty; omitted → the provider's default demo seed (42).
 */
export type EmulatorHandle = { url: string; stop(): Promise<void> };

export type EmulatorSeed = { seed: number; companies?: number; deals?: number };

export type EmulatorStartOptions = { port?: number; seed?: EmulatorSeed | false };

/** Env SANDBOX_RATE_LIMITS=off disables rate limiting at start (benchmarks). */
export function rateLimitsEnabledFromEnv(): boolean {
  return (process.env.SANDBOX_RATE_LIMITS ?? "").toLowerCase() !== "off";
}

/**
 * The integration tests' door to the emulators. Each emulator runs as its own HTTP server on a free port; the code
 * under test only ever receives its URL (as it would receive a provider's base URL from env) and talks HTTP to it.
 * Tests import the emulators from here, never from sandbox/ directly, so product folders keep no sandbox import.
 */
export { startSandbox, startFreeeEmulator, startHubSpotEmulator, startMoneyForwardEmulator, type Sandbox } from "../sandbox";
export { type FreeeEmulatorHandle } from "../sandbox/freee";
export { PRIVATE_APP_TOKEN, type HubSpotEmulator } from "../sandbox/hubspot";

import path from "node:path";
import { defineConfig } from "vitest/config";

// Integration tests: real Postgres (embedded by default, DATABASE_URL when set) and the sandbox emulators.
// Files run one at a time: they share one database created for this run by the global setup.
export default defineConfig({
  resolve: {
    alias: [
      { find: /^@\/(.*)$/, replacement: path.resolve(__dirname, "$1") },
      { find: /^server-only$/, replacement: path.resolve(__dirname, "node_modules/server-only/empty.js") },
    ],
  },
  test: {
    include: ["**/*.integration.test.ts"],
    exclude: ["node_modules/**", ".next/**", ".data/**"],
    environment: "node",
    globalSetup: ["./test/integration-global-setup.ts"],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});

import { defineConfig } from "drizzle-kit";

// Migrations are generated from db/schema by `npm run db:generate` and applied at start-up (db/migrate.ts).
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema/index.ts",
  out: "./db/migrations",
  casing: "snake_case",
  dbCredentials: { url: process.env.DATABASE_URL ?? "postgres://localhost/kakehashi" },
});

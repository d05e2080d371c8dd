import path from 'node:path';
import type { NextConfig } from 'next';

// Never send Next.js telemetry (the CLI reads this after loading the config).
process.env.NEXT_TELEMETRY_DISABLED ??= '1';

// npm-workspaces monorepo: dependencies are hoisted to the repository root, so
// both Turbopack and output file tracing must treat the root as the project root.
// next.config.ts is compiled to CommonJS by Next, so __dirname is this folder.
const monorepoRoot = path.join(__dirname, '..');

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  turbopack: {
    root: monorepoRoot,
  },
  outputFileTracingRoot: monorepoRoot,
  // `next build` type-checks with tsconfig.json (keep ignoreBuildErrors off). Next 16
  // no longer lints during builds and has no `eslint` option, so nothing to disable.
  typescript: { ignoreBuildErrors: false },
};

export default nextConfig;

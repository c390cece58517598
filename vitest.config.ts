import { defineConfig } from 'vitest/config';
import { precompiledScores } from './scripts/precompiled-scores.mjs';

// Three projects: fast pure tests, tests against real services, tests in real Chromium.
// They run one after another (groupOrder): timing-sensitive audio tests on a 2-core
// machine must not share it with the unit suite's property runs.
// Tests import the app's modules, and with them the presets compiled at build time.
const plugins = [precompiledScores()];

export default defineConfig({
  test: {
    projects: [
      { plugins, test: { name: 'unit', include: ['test/{domain,sources,audio,store,telemetry,ui}/**/*.test.{ts,tsx}'], environment: 'node', testTimeout: 30_000, sequence: { groupOrder: 0 } } },
      { plugins, test: { name: 'integration', include: ['test/integration/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 120_000, fileParallelism: false, sequence: { groupOrder: 1 } } },
      { plugins, test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 180_000, fileParallelism: false, sequence: { groupOrder: 2 } } },
    ],
  },
});

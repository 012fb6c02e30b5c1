/**
 * The runtime conformance suite against the Docker driver on a real Docker Engine: the
 * fixture worker in a container (image hive-agent-fixture:dev), cold starts, and again through
 * a warm pool (parked containers claimed at spawn).
 */
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { BUILD_TIMEOUT_MS, buildTestImages, dockerAvailable, makeDockerFixture, makeWarmFixture, warmTotals } from './docker-fixture.js';
import { runtimeConformance } from './runtime-conformance.js';

const available = await dockerAvailable();

describe.runIf(available)('docker runtime', () => {
  beforeAll(async () => {
    await buildTestImages(['agent-fixture']);
  }, BUILD_TIMEOUT_MS);

  runtimeConformance('docker', () => makeDockerFixture());
  runtimeConformance('docker with a warm pool', () => makeWarmFixture({ sizes: { backend: 2 } }));

  afterAll(() => {
    // The warm suite must have run on claims, not quietly on cold starts.
    expect(warmTotals.claims).toBeGreaterThan(warmTotals.coldSpawns);
  });
});

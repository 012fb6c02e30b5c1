/** The outside services later suites rely on are up (skips locally, fails under CI=true). */
import { describe, expect, it } from 'vitest';
import { DOCKER_SOCKET, dockerReachable, REDIS_URL, redisReachable, requireService } from '../../test-support/services.js';

const redis = await requireService('redis-server', redisReachable(), `expected at ${REDIS_URL}; start redis-server`);
const docker = await requireService('Docker Engine', dockerReachable(), `expected at ${DOCKER_SOCKET}; start dockerd`);

describe('integration services', () => {
  it.runIf(redis)('redis-server answers PING', async () => {
    expect(await redisReachable()).toBe(true);
  });
  it.runIf(docker)('the Docker Engine answers /_ping', async () => {
    expect(await dockerReachable()).toBe(true);
  });
  it('requireService refuses to skip under CI', async () => {
    const before = process.env.CI;
    try {
      process.env.CI = 'true';
      await expect(requireService('nothing', Promise.resolve(false), 'test')).rejects.toThrow('CI=true');
    } finally {
      process.env.CI = before;
    }
  });
});

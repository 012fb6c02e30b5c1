import { MemoryBroker } from './memory.js';
import type { Broker } from './port.js';
import { RedisBroker } from './redis.js';

export type * from './port.js';
export { BrokerClosedError, type BrokerErrorReporter } from './errors.js';
export { MemoryBroker, type MemoryBrokerOptions } from './memory.js';
export { RedisBroker, type RedisBrokerOptions } from './redis.js';

/** Redis when a URL is configured (REDIS_URL), otherwise the in-process default (DESIGN §2). */
export function createBroker(config: { redisUrl?: string; prefix?: string }): Broker {
  return config.redisUrl
    ? new RedisBroker({ url: config.redisUrl, prefix: config.prefix })
    : new MemoryBroker({ prefix: config.prefix });
}

import { HashingEmbedder } from './hashing.js';
import type { Embedder } from './port.js';

export type { Embedder } from './port.js';

export function createEmbedder(): Embedder {
  return new HashingEmbedder();
}

import { createHash } from 'node:crypto';
import { EMBEDDING_DIM } from '../store/schema.js';
import type { Embedder } from './port.js';

const TOKEN = /[\p{L}\p{N}_]+/gu;

/**
 * The embedded default: feature hashing of words and word bigrams into EMBEDDING_DIM buckets,
 * signed to reduce collisions, L2-normalised. Deterministic and offline; it finds shared
 * vocabulary, not meaning — set EMBEDDINGS_URL for semantic search.
 */
export class HashingEmbedder implements Embedder {
  readonly name = 'hashing';

  async embed(texts: string[]): Promise<number[][]> {
    return texts.map((t) => this.embedOne(t));
  }

  private embedOne(text: string): number[] {
    const v = new Array<number>(EMBEDDING_DIM).fill(0);
    const words = (text.toLowerCase().match(TOKEN) ?? []).map(stem);
    const features = [...words, ...words.slice(1).map((w, i) => `${words[i]} ${w}`)];
    for (const f of features) {
      const h = createHash('md5').update(f).digest();
      const bucket = h.readUInt32LE(0) % EMBEDDING_DIM;
      v[bucket]! += h[4]! & 1 ? 1 : -1;
    }
    const norm = Math.hypot(...v);
    // An empty text gets a fixed unit vector so cosine distance stays defined.
    if (norm === 0) {
      v[0] = 1;
      return v;
    }
    return v.map((x) => x / norm);
  }
}

/** A crude plural/verb-ending trim so "tests", "testing" and "test" share a bucket. */
function stem(w: string): string {
  return w.length > 4 ? w.replace(/(ing|es|s|ed)$/, '') : w;
}

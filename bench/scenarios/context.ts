/**
 * Context search at 10k and 100k entries: ContextService.search (hashing embedder → pgvector
 * HNSW cosine search on PGlite, in process). Entries are loaded in bulk through the store's
 * drizzle database (the fast path: multi-row inserts with the HNSW index dropped, then
 * rebuilt once, as pgvector recommends for initial loads), then search latency is measured.
 * Beside it, in the same run: the exact (sequential-scan) search and HNSW's recall@10 of it.
 */
import { sql } from 'drizzle-orm';
import { HashingEmbedder } from '../../server/src/embedder/hashing.js';
import { ContextService } from '../../server/src/services/context-service.js';
import type { Db } from '../../server/src/store/db.js';
import { openPglite } from '../../server/src/store/pglite.js';
import { ContextRepository, type NewContext } from '../../server/src/store/repos/contexts.js';
import { contexts } from '../../server/src/store/schema.js';
import { Store } from '../../server/src/store/store.js';
import { check, type Scenario, type SectionResult, type TargetCheck } from '../lib/scenario.js';
import { fmt, ratio, summarize, type Summary } from '../lib/stats.js';

const KINDS = ['fact', 'decision', 'observation', 'summary'] as const;

/** Deterministic pseudo-random numbers (so every run searches the same corpus). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Sentences over a 4,000-word vocabulary, so entries share words the way notes do. */
function corpus(seed: number) {
  const random = rng(seed);
  const vocabulary = Array.from({ length: 4000 }, (_, i) => `w${i.toString(36)}${'aeiou'[i % 5]}`);
  const word = () => vocabulary[Math.floor(random() ** 2 * vocabulary.length)]!; // a few words are common
  return {
    sentence: (words: number) => Array.from({ length: words }, word).join(' '),
    pick: (n: number) => Math.floor(random() * n),
  };
}

interface SizeRun {
  entries: number;
  loadSeconds: number;
  indexSeconds: number;
  hnsw: Summary;
  exact: Summary;
  recallAt10: number;
}

export const contextScenario: Scenario = {
  id: 'context',
  title: 'Context search',
  async run(ctx): Promise<SectionResult> {
    const sizes = ctx.sizes(ctx.quick ? [1000] : [10_000, 100_000]);
    const queries = ctx.quick ? 20 : 200;
    const exactQueries = ctx.quick ? 5 : 20;
    const adapter = await openPglite('memory');
    await adapter.migrate();
    const store = new Store(adapter);
    const embedder = new HashingEmbedder();
    const service = new ContextService(store, embedder);
    const words = corpus(42);
    const texts: string[] = [];
    const runs: SizeRun[] = [];
    try {
      for (const size of sizes) {
        ctx.log(`context: loading ${size - texts.length} entries`);
        await adapter.db.execute(sql`drop index if exists contexts_embedding_idx`);
        const t0 = performance.now();
        while (texts.length < size) {
          const batch: NewContext[] = [];
          for (let i = 0; i < 500 && texts.length < size; i++) {
            const content = words.sentence(12 + words.pick(20));
            texts.push(content);
            batch.push({ id: crypto.randomUUID(), kind: KINDS[words.pick(KINDS.length)]!, content, metadata: {}, importance: 0.5, embedding: [] });
          }
          const vectors = await embedder.embed(batch.map((b) => b.content));
          batch.forEach((b, i) => (b.embedding = vectors[i]!));
          await adapter.db.insert(contexts).values(batch);
        }
        const loadSeconds = (performance.now() - t0) / 1000;
        ctx.log(`context: building the HNSW index over ${size}`);
        const t1 = performance.now();
        // pgvector builds far faster while the graph fits in maintenance_work_mem (100k × 384 floats ≈ 150 MB of vectors).
        await adapter.db.execute(sql`set maintenance_work_mem = '1GB'`);
        await adapter.db.execute(sql`create index contexts_embedding_idx on contexts using hnsw (embedding vector_cosine_ops)`);
        const indexSeconds = (performance.now() - t1) / 1000;
        // Queries: a few words of a stored entry, like an agent recalling something it wrote.
        const asks = Array.from({ length: queries }, () => texts[words.pick(texts.length)]!.split(' ').slice(0, 5).join(' '));
        for (const q of asks.slice(0, 10)) await service.search({ query: q, limit: 10 }); // warm-up
        ctx.log(`context: ${queries} searches over ${size}`);
        const hnswTimes: number[] = [];
        const hnswHits: string[][] = [];
        for (const q of asks) {
          const s = performance.now();
          const hits = await service.search({ query: q, limit: 10 });
          hnswTimes.push(performance.now() - s);
          hnswHits.push(hits.map((h) => h.id));
        }
        const exactTimes: number[] = [];
        let recalled = 0;
        for (const [i, q] of asks.slice(0, exactQueries).entries()) {
          const [embedding] = await embedder.embed([q]);
          const s = performance.now();
          const exact = await adapter.db.transaction(async (tx) => {
            await tx.execute(sql`set local enable_indexscan = off`);
            return new ContextRepository(tx as unknown as Db).search(embedding!, { limit: 10 });
          });
          exactTimes.push(performance.now() - s);
          const got = new Set(hnswHits[i]);
          recalled += exact.filter((h) => got.has(h.id)).length / Math.max(1, exact.length);
        }
        runs.push({ entries: size, loadSeconds, indexSeconds, hnsw: summarize(hnswTimes), exact: summarize(exactTimes), recallAt10: recalled / exactQueries });
      }
    } finally {
      await store.close();
    }
    const targets: TargetCheck[] = runs.map((r) => check(`context search p99 at ${r.entries.toLocaleString('en')} entries`, 'report only (no target)', r.hnsw.p99, 'ms', () => true));
    for (const t of targets) t.met = null;
    return {
      id: this.id,
      title: this.title,
      notes: [
        'ContextService.search with limit 10 (embedding the query included) on PGlite in the bench process; 384-dimension hashing embeddings of synthetic 12–31 word notes.',
        'Load: 500-row inserts through the store\'s drizzle database with the HNSW index dropped, then one CREATE INDEX with maintenance_work_mem = 1GB (m = 16, ef_construction = 64, ef_search = 40: pgvector defaults). Exact: the same query with index scans off. Recall@10: share of the exact top 10 that HNSW returned.',
      ],
      tables: [
        {
          columns: ['entries', 'load s', 'index build s', 'HNSW p50', 'HNSW p95', 'HNSW p99', 'exact p50', 'exact p99', 'exact / HNSW p50', 'recall@10'],
          rows: runs.map((r) => [r.entries, fmt(r.loadSeconds, 1), fmt(r.indexSeconds, 1), fmt(r.hnsw.p50), fmt(r.hnsw.p95), fmt(r.hnsw.p99), fmt(r.exact.p50), fmt(r.exact.p99), ratio(r.exact.p50, r.hnsw.p50), fmt(r.recallAt10)]),
        },
      ],
      targets,
      data: { runs },
    };
  },
};

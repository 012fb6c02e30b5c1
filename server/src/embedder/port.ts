/** Turns text into a vector of EMBEDDING_DIM numbers for pgvector search. */
export interface Embedder {
  readonly name: string;
  embed(texts: string[]): Promise<number[][]>;
}

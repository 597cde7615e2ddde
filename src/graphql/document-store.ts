// Why: Apollo keeps parsed and validated documents so a repeated query skips parsing and
// validation. Its default store measures each document with JSON.stringify of the whole syntax
// tree, on every store: for a request of 100 `kpi` aliases that was ~3 ms of CPU per request
// (docs/perf-notes-serving.md), more than the rest of the store is worth. This store is the same
// bounded LRU, but measures a document by the length of its source text times a constant.
import type { DocumentNode } from 'graphql';
import type { DocumentStore } from '@apollo/server';

/** Serialised syntax tree ÷ source text, measured on KPI queries: 12.6–17×. */
export const TREE_PER_SOURCE_CHAR = 16;

export class SourceSizedDocumentStore implements DocumentStore {
  private readonly entries = new Map<string, { doc: DocumentNode; size: number }>();
  private size = 0;

  /** maxSize: in the units of Apollo's default store (≈ bytes of serialised tree); its default is 30 MiB. */
  constructor(private readonly maxSize = 30 * 2 ** 20) {}

  static sizeOf(doc: DocumentNode): number {
    return ((doc.loc?.end ?? 0) + 1) * TREE_PER_SOURCE_CHAR;
  }

  async get(key: string): Promise<DocumentNode | undefined> {
    const e = this.entries.get(key);
    if (!e) return undefined;
    // Least recently used goes first: re-insert on a hit.
    this.entries.delete(key);
    this.entries.set(key, e);
    return e.doc;
  }

  async set(key: string, doc: DocumentNode): Promise<void> {
    const size = SourceSizedDocumentStore.sizeOf(doc);
    if (size > this.maxSize) return;
    await this.delete(key);
    this.entries.set(key, { doc, size });
    this.size += size;
    for (const [k, e] of this.entries) {
      if (this.size <= this.maxSize) break;
      this.entries.delete(k);
      this.size -= e.size;
    }
  }

  async delete(key: string): Promise<boolean> {
    const e = this.entries.get(key);
    if (!e) return false;
    this.entries.delete(key);
    this.size -= e.size;
    return true;
  }
}

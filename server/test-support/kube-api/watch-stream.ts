/**
 * `?watch=true`: a chunked stream of JSON lines `{"type":"ADDED|MODIFIED|DELETED|BOOKMARK|
 * ERROR","object":{...}}`. Semantics of the real server:
 * - no resourceVersion (or "0"): synthetic ADDED for every current object, then changes;
 * - a resourceVersion: every change after it, or one ERROR event with a 410 Expired Status
 *   when history no longer reaches back that far (the client must list again);
 * - a label selector turns a MODIFIED that enters the selection into ADDED and one that
 *   leaves it into DELETED;
 * - BOOKMARK events carry the current resourceVersion when asked for (allowWatchBookmarks);
 * - the server ends the stream after timeoutSeconds.
 */
import type { ServerResponse } from 'node:http';
import type { LabelSelector } from './label-selector.js';
import type { KubeObject, ObjectStore, StoreChange } from './object-store.js';
import { gone } from './status.js';

export interface WatchRequest {
  resource: string;
  kind: string;
  apiVersion: string;
  namespace: string;
  selector: LabelSelector;
  resourceVersion: string | null;
  allowBookmarks: boolean;
  timeoutSeconds: number | null;
  bookmarkIntervalMs: number;
}

export class WatchStreams {
  private readonly open = new Set<ServerResponse>();

  constructor(private readonly store: ObjectStore) {}

  /** Test hook: end every open watch, as an API server restart or a load balancer timeout would. */
  dropAll(): void {
    for (const res of this.open) res.destroy();
    this.open.clear();
  }

  serve(res: ServerResponse, req: WatchRequest): void {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache' });
    // Headers go out now: a client waits for them before it reads any event.
    res.flushHeaders();
    this.open.add(res);
    const send = (type: string, object: unknown) => res.write(`${JSON.stringify({ type, object })}\n`);
    const inScope = (o: KubeObject) => o.metadata.namespace === req.namespace;
    const matches = (o: KubeObject | undefined) => !!o && inScope(o) && req.selector(o.metadata.labels);

    const deliver = (change: StoreChange) => {
      if (change.resource !== req.resource) return;
      const now = matches(change.object);
      const before = change.type === 'MODIFIED' ? matches(change.previous) : now;
      if (change.type === 'MODIFIED' && now !== before) send(now ? 'ADDED' : 'DELETED', change.object);
      else if (now) send(change.type, change.object);
    };

    const from = req.resourceVersion;
    if (from === null || from === '' || from === '0') {
      for (const object of this.store.list(req.resource, req.namespace).items) if (matches(object)) send('ADDED', object);
    } else {
      const replay = this.store.changesSince(req.resource, Number(from));
      if (replay === 'expired') {
        send('ERROR', gone(`too old resource version: ${from} (${this.store.currentRevision})`).status);
        this.open.delete(res);
        res.end();
        return;
      }
      replay.forEach(deliver);
    }
    const unsubscribe = this.store.subscribe(deliver);
    const bookmarks = req.allowBookmarks
      ? setInterval(() => send('BOOKMARK', { kind: req.kind, apiVersion: req.apiVersion, metadata: { resourceVersion: String(this.store.currentRevision) } }), req.bookmarkIntervalMs)
      : undefined;
    const timeout = req.timeoutSeconds ? setTimeout(() => res.end(), req.timeoutSeconds * 1000) : undefined;
    res.on('close', () => {
      unsubscribe();
      clearInterval(bookmarks);
      clearTimeout(timeout);
      this.open.delete(res);
    });
  }
}

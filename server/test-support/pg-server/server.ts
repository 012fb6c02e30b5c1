/**
 * A Postgres wire-protocol front for one PGlite backend that several client connections can
 * share safely. PGlite is a single backend, so connections take turns: a connection owns the
 * backend from its first message until the backend reports ReadyForQuery with status `I`
 * (idle). An extended-protocol run (Parse/Bind/Describe/Execute … Sync) or a transaction of
 * one connection therefore never interleaves with another's — which is exactly what
 * @electric-sql/pglite-socket 0.2.17 gets wrong: its queue keeps a connection's turn only
 * while `isInTransaction()`, so two connections' Parse/Bind/Sync runs outside a transaction
 * mix. A connection that goes away mid-run or mid-transaction is synced and rolled back
 * before the next one gets the backend, as a real server's backend exit would do.
 */
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import type { PGlite } from '@electric-sql/pglite';
import { errorResponse, FrontendFramer, lastReadyStatus, simpleQuery, SYNC, type FrontendMessage } from './wire.js';

/** FIFO ownership of the single backend. */
class BackendTurns {
  private owner: WireConnection | null = null;
  private readonly waiting: { conn: WireConnection; grant: () => void }[] = [];

  isOwner(conn: WireConnection): boolean {
    return this.owner === conn;
  }

  acquire(conn: WireConnection): Promise<void> {
    if (this.owner === conn) return Promise.resolve();
    if (!this.owner) {
      this.owner = conn;
      return Promise.resolve();
    }
    return new Promise((grant) => this.waiting.push({ conn, grant }));
  }

  release(conn: WireConnection): void {
    if (this.owner !== conn) return;
    const next = this.waiting.shift();
    this.owner = next?.conn ?? null;
    next?.grant();
  }

  /** A connection that closed while waiting gives up its place: woken, but not made owner. */
  forget(conn: WireConnection): void {
    const at = this.waiting.findIndex((w) => w.conn === conn);
    if (at >= 0) this.waiting.splice(at, 1)[0]!.grant();
  }
}

class WireConnection {
  private readonly framer = new FrontendFramer();
  private readonly inbox: FrontendMessage[] = [];
  private pumping = false;
  private closed = false;
  private settled = false;

  constructor(
    private readonly socket: Socket,
    private readonly db: PGlite,
    private readonly turns: BackendTurns,
    private readonly onGone: (conn: WireConnection) => void,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      try {
        this.inbox.push(...this.framer.push(chunk));
      } catch {
        socket.destroy(); // not the Postgres protocol: drop the connection
        return;
      }
      void this.pump();
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      this.closed = true;
      this.turns.forget(this);
      void this.pump();
    });
  }

  close(): void {
    this.socket.destroy();
  }

  /** One message at a time, in order; after the socket closes, give the backend back clean. */
  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (!this.closed && this.inbox.length) {
        const message = this.inbox.shift()!;
        if (message.kind === 'ssl' || message.kind === 'gssenc') this.socket.write('N');
        else if (message.kind === 'cancel') this.socket.end(); // not supported; a real server also just closes
        else if (message.kind === 'startup') await this.run(message.bytes);
        else if (message.type === 'X') this.socket.end(); // Terminate: never reaches the backend
        else await this.run(message.bytes);
      }
      if (this.closed && !this.settled) {
        this.settled = true;
        await this.giveBackClean();
        this.onGone(this);
      }
    } finally {
      this.pumping = false;
    }
  }

  private async run(bytes: Uint8Array): Promise<void> {
    await this.turns.acquire(this);
    if (this.closed) return; // the socket closed meanwhile: pump() gives the backend back if it is ours
    let reply: Uint8Array;
    try {
      reply = await this.db.execProtocolRaw(bytes);
    } catch (err) {
      this.socket.write(errorResponse('XX000', `pg-server: ${(err as Error).message}`));
      this.socket.destroy();
      return;
    }
    if (reply.length && this.socket.writable) this.socket.write(reply);
    if (lastReadyStatus(reply) === 'I') this.turns.release(this);
  }

  /** End an unfinished extended-protocol run and any open transaction, then release. */
  private async giveBackClean(): Promise<void> {
    if (!this.turns.isOwner(this)) return;
    try {
      const status = lastReadyStatus(await this.db.execProtocolRaw(SYNC));
      if (status !== 'I') await this.db.execProtocolRaw(simpleQuery('ROLLBACK'));
    } finally {
      this.turns.release(this);
    }
  }
}

export interface PgWireServer {
  port: number;
  url: string;
  /** Connections currently open. */
  connections(): number;
  close(): Promise<void>;
}

export async function servePglite(db: PGlite, options: { port?: number; host?: string } = {}): Promise<PgWireServer> {
  await db.waitReady;
  const turns = new BackendTurns();
  const open = new Set<WireConnection>();
  const server: Server = createServer((socket) => {
    const conn = new WireConnection(socket, db, turns, (c) => open.delete(c));
    open.add(conn);
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `postgres://postgres:postgres@${host}:${port}/postgres`,
    connections: () => open.size,
    async close() {
      for (const conn of open) conn.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

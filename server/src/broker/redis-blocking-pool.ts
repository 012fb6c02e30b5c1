/**
 * Connections for blocking reads: one per read in flight, so a dispatcher blocked on one queue
 * never stalls another reader or the adapter's other commands. Finished reads return their
 * connection for the next; a few idle ones are kept, the rest closed.
 */
import type { Redis } from 'ioredis';

const MAX_IDLE_CONNECTIONS = 4;

export class BlockingConnectionPool {
  private readonly idle: Redis[] = [];
  private readonly open = new Set<Redis>();
  private closed = false;

  constructor(private readonly openConnection: () => Redis) {}

  acquire(): Redis {
    const connection = this.idle.pop() ?? this.openConnection();
    this.open.add(connection);
    return connection;
  }

  release(connection: Redis): void {
    if (!this.closed && this.idle.length < MAX_IDLE_CONNECTIONS) {
      this.idle.push(connection);
      return;
    }
    this.open.delete(connection);
    connection.disconnect();
  }

  /**
   * Drop every connection at once. QUIT would wait behind a blocked XREADGROUP; dropping the
   * socket ends it now, and the read sees the broker closing and returns empty.
   */
  close(): void {
    this.closed = true;
    for (const connection of this.open) connection.disconnect();
    this.open.clear();
    this.idle.length = 0;
  }
}

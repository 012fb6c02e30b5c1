import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../../test-support/wait.js';
import { HubConnection } from '../hub-connection.js';

describe('HubConnection', () => {
  const cleanups: Array<() => void | Promise<void>> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function hub(refuseFirst: number) {
    const http = createServer();
    const io = new Server(http);
    let attempts = 0;
    // Like the hub while its database restarts: the handshake check fails, then works again.
    io.of('/agents').use((_socket, next) => (++attempts <= refuseFirst ? next(new Error('unavailable: try again')) : next()));
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => void io.close(() => resolve())));
    return { url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`, io, attempts: () => attempts };
  }

  it('keeps trying after the hub refused the handshake (Socket.IO alone gives up)', async () => {
    const h = await hub(2);
    const conn = new HubConnection(h.url, crypto.randomUUID(), 'token-of-the-agent');
    cleanups.push(() => conn.close());
    await waitFor('the worker to connect after two refusals', async () => conn.socket.connected, 15_000, 50);
    expect(h.attempts()).toBe(3);
  });

  it('comes back after the hub dropped it on purpose, and stays away once closed', async () => {
    const h = await hub(0);
    const conn = new HubConnection(h.url, crypto.randomUUID(), 'token-of-the-agent');
    cleanups.push(() => conn.close());
    await waitFor('the first connection', async () => conn.socket.connected, 10_000, 50);
    h.io.of('/agents').disconnectSockets(true);
    await waitFor('the worker to reconnect', async () => conn.socket.connected && h.attempts() === 2, 10_000, 50);
    conn.close();
    await new Promise((r) => setTimeout(r, 1500));
    expect(h.attempts()).toBe(2);
  });
});

/**
 * A port for a server that will be killed and restarted on the same port. Ports from the
 * kernel's ephemeral range (what listen(0) hands out) are also used for outgoing connections,
 * and on a busy machine one of those may take the port while its server is down; so pick below
 * that range, at random, and check it is free now.
 */
import { createServer } from 'node:net';

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

export async function stablePort(): Promise<number> {
  for (let i = 0; i < 200; i++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (await bindable(port)) return port;
  }
  throw new Error('no free port between 20000 and 32000');
}

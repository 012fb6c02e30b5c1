/**
 * A local stand-in for a Web Push service (the browser vendor's endpoint): it accepts the
 * RFC 8030 POSTs web-push sends, checks the VAPID header, and decrypts the RFC 8291 payload
 * with the subscriber's private key, as a browser would.
 */
import { execFileSync } from 'node:child_process';
import { createECDH, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, createServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
// http_ece is what web-push itself uses to encrypt; here it decrypts.
import ece from 'http_ece';

export interface ReceivedPush {
  path: string;
  authorization: string;
  ttl: string | undefined;
  payload: Record<string, unknown>;
}

export interface FakeSubscriber {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

/** A throwaway self-signed certificate for 127.0.0.1 (push services speak only HTTPS). */
function selfSignedCert(): { key: Buffer; cert: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), 'hive-push-tls-'));
  try {
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
      '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
    ], { stdio: 'ignore' });
    return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function startPushService(): Promise<{
  received: ReceivedPush[];
  /** An HTTPS agent that trusts this service's certificate (give it to the notifier). */
  agent: Agent;
  subscriber(name: string): FakeSubscriber;
  /** Answer 410 Gone for this subscriber from now on. */
  expire(name: string): void;
  close(): Promise<void>;
}> {
  const received: ReceivedPush[] = [];
  const keys = new Map<string, { ecdh: ReturnType<typeof createECDH>; auth: Buffer }>();
  const gone = new Set<string>();
  const tls = selfSignedCert();
  const server = createServer(tls, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const name = (req.url ?? '').split('/').pop()!;
      const key = keys.get(name);
      if (!key || gone.has(name)) {
        res.writeHead(410).end();
        return;
      }
      const body = ece.decrypt(Buffer.concat(chunks), { version: 'aes128gcm', privateKey: key.ecdh, authSecret: key.auth.toString('base64url') });
      received.push({
        path: req.url ?? '',
        authorization: String(req.headers.authorization ?? ''),
        ttl: req.headers.ttl as string | undefined,
        payload: JSON.parse(body.toString('utf8')) as Record<string, unknown>,
      });
      res.writeHead(201).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    received,
    agent: new Agent({ ca: tls.cert }),
    subscriber(name) {
      const ecdh = createECDH('prime256v1');
      ecdh.generateKeys();
      const auth = randomBytes(16);
      keys.set(name, { ecdh, auth });
      return { endpoint: `${base}/push/${name}`, keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: auth.toString('base64url') } };
    },
    expire(name) {
      gone.add(name);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

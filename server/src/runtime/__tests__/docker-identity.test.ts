/**
 * The parked-worker hook (server/src/agent/identity.ts) the Docker warm pool relies on: the
 * identity file format, waiting for it, merging it into the environment, and the liveness
 * beacon the image's HEALTHCHECK reads. No Docker needed.
 */
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { livenessAgeMs, parseIdentity, prepareWorkerIdentity, startLivenessBeacon, waitForIdentity, writeIdentityFile } from '../../agent/identity.js';

describe('worker identity for parked containers', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hive-identity-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('accepts only a versioned document of string variables with an agent id', () => {
    expect(parseIdentity('{"version":1,"env":{"HIVE_AGENT_ID":"a","X":"1"}}')).toEqual({ version: 1, env: { HIVE_AGENT_ID: 'a', X: '1' } });
    expect(() => parseIdentity('[]')).toThrow(/version/);
    expect(() => parseIdentity('{"version":2,"env":{}}')).toThrow(/version/);
    expect(() => parseIdentity('{"version":1,"env":{"HIVE_AGENT_ID":"a","BAD-NAME":"x"}}')).toThrow(/variable name/);
    expect(() => parseIdentity('{"version":1,"env":{"HIVE_AGENT_ID":"a","N":1}}')).toThrow(/string/);
    expect(() => parseIdentity('{"version":1,"env":{"X":"1"}}')).toThrow(/HIVE_AGENT_ID/);
  });

  it('waits for the identity file, then deletes it (it holds a token)', async () => {
    const path = join(dir, 'identity.json');
    const waiting = waitForIdentity(path);
    await new Promise((resolve) => setTimeout(resolve, 150));
    await writeIdentityFile(path, { HIVE_AGENT_ID: 'agent-1', HIVE_AGENT_TOKEN: 'token-123456' });
    expect(await waiting).toEqual({ version: 1, env: { HIVE_AGENT_ID: 'agent-1', HIVE_AGENT_TOKEN: 'token-123456' } });
    expect(await readdir(dir)).toEqual([]);
  });

  it('writes the identity owner-only and atomically', async () => {
    const path = join(dir, 'identity.json');
    await writeIdentityFile(path, { HIVE_AGENT_ID: 'a' });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual(['identity.json']);
  });

  it.runIf(process.getuid?.() === 0)('gives the file to the container user when asked (the hub writes it into a workspace)', async () => {
    const path = join(dir, 'identity.json');
    await writeIdentityFile(path, { HIVE_AGENT_ID: 'a' }, { uid: 10001, gid: 10002 });
    expect(await stat(path)).toMatchObject({ uid: 10001, gid: 10002 });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('stops waiting when aborted', async () => {
    const controller = new AbortController();
    const waiting = waitForIdentity(join(dir, 'never.json'), controller.signal);
    controller.abort();
    await expect(waiting).rejects.toThrow();
  });

  it('merges the identity into the environment in parked mode, and returns at once otherwise', async () => {
    expect(await prepareWorkerIdentity({ PATH: '/bin' })).toEqual({ parked: false, waitedMs: 0 });

    const path = join(dir, 'identity.json');
    const env: NodeJS.ProcessEnv = { HIVE_WAIT_FOR_IDENTITY: path, HIVE_WORKSPACE: '/workspace' };
    const prepared = prepareWorkerIdentity(env);
    await writeFile(path, JSON.stringify({ version: 1, env: { HIVE_AGENT_ID: 'agent-2', HIVE_HUB_URL: 'http://hub:3000' } }));
    expect(await prepared).toMatchObject({ parked: true });
    expect(env).toEqual({ HIVE_WORKSPACE: '/workspace', HIVE_AGENT_ID: 'agent-2', HIVE_HUB_URL: 'http://hub:3000' });
  });

  it('touches the liveness file from the event loop', async () => {
    const path = join(dir, 'alive');
    expect(await livenessAgeMs(path)).toBeNull();
    const stop = startLivenessBeacon(path, 100);
    try {
      await new Promise((resolve) => setTimeout(resolve, 350));
      expect(await livenessAgeMs(path)).toBeLessThan(200);
    } finally {
      stop();
    }
  });
});

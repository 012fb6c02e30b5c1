import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { TaskProgress } from '../../../../shared/index.js';
import { HubRequestError } from '../hub-connection.js';
import { ProgressOutbox } from '../progress-outbox.js';

/** A hub link whose answers the test decides, line by line. */
function fakeHub(answer: (line: TaskProgress, attempt: number) => 'ok' | 'fail' | 'refuse') {
  const socket = Object.assign(new EventEmitter(), { connected: true });
  const stored: string[] = [];
  const attempts = new Map<string, number>();
  const hub = {
    socket,
    request: async (_event: string, line: unknown) => {
      const l = line as TaskProgress;
      const n = (attempts.get(l.message) ?? 0) + 1;
      attempts.set(l.message, n);
      const a = answer(l, n);
      if (a === 'fail') throw new HubRequestError('INTERNAL', 'The hub could not handle this request');
      if (a === 'refuse') throw new HubRequestError('FORBIDDEN', 'not yours');
      stored.push(l.message);
    },
  };
  return { hub: hub as unknown as ConstructorParameters<typeof ProgressOutbox>[0], socket, stored, attempts };
}
const line = (n: number): TaskProgress => ({ taskId: '00000000-0000-4000-8000-000000000001', kind: 'log', message: `line ${n}` });

describe('ProgressOutbox', () => {
  it('delivers lines in order, sends again what the hub could not store, drops what it refuses', async () => {
    const { hub, stored, attempts } = fakeHub((l, attempt) => (l.message === 'line 1' && attempt === 1 ? 'fail' : l.message === 'line 3' ? 'refuse' : 'ok'));
    const logs: string[] = [];
    const outbox = new ProgressOutbox(hub, (m) => logs.push(m));
    for (let n = 0; n < 5; n++) outbox.push(line(n));
    await outbox.drained(10_000);
    expect(stored).toEqual(['line 0', 'line 2', 'line 4', 'line 1']); // line 1 again after its failure
    expect(attempts.get('line 1')).toBe(2);
    expect(attempts.get('line 3')).toBe(1);
    expect(logs.join('\n')).toMatch(/refused: not yours/);
  });

  it('waits while disconnected and sends on the next connect', async () => {
    const { hub, socket, stored } = fakeHub(() => 'ok');
    socket.connected = false;
    const outbox = new ProgressOutbox(hub, () => {});
    outbox.push(line(7));
    await new Promise((r) => setTimeout(r, 50));
    expect(stored).toEqual([]);
    socket.connected = true;
    socket.emit('connect');
    await outbox.drained(5000);
    expect(stored).toEqual(['line 7']);
  });

  it('drained() gives up after its bound when the hub keeps failing', async () => {
    const { hub } = fakeHub(() => 'fail');
    const outbox = new ProgressOutbox(hub, () => {});
    outbox.push(line(1));
    const started = Date.now();
    await outbox.drained(300);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });
});

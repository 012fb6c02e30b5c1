import { describe, expect, it } from 'vitest';
import { type Beat, HeartbeatWriter } from '../heartbeat-writer.js';

describe('HeartbeatWriter', () => {
  it('writes the beats of one window together, an agent once with its latest held task', async () => {
    const writes: Beat[][] = [];
    const writer = new HeartbeatWriter(async (beats) => void writes.push(beats), 30);
    const settled = Promise.all([
      writer.beat({ agentId: 'a', heldTaskId: 't1' }),
      writer.beat({ agentId: 'b' }),
      writer.beat({ agentId: 'a', heldTaskId: 't2' }),
    ]);
    expect(writes).toHaveLength(0); // held for the window
    await settled;
    expect(writes).toEqual([[{ agentId: 'a', heldTaskId: 't2' }, { agentId: 'b' }]]);
    await writer.beat({ agentId: 'c' });
    expect(writes).toHaveLength(2);
  });

  it('fails every beat of a batch whose write failed, and goes on with the next', async () => {
    let fail = true;
    const writer = new HeartbeatWriter(async () => {
      if (fail) throw new Error('database down');
    }, 5);
    const outcomes = await Promise.allSettled([writer.beat({ agentId: 'a' }), writer.beat({ agentId: 'b' })]);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    await expect(writer.beat({ agentId: 'a' })).resolves.toBeUndefined();
  });

  it('flush() writes what waits at once', async () => {
    const writes: Beat[][] = [];
    const writer = new HeartbeatWriter(async (beats) => void writes.push(beats), 60_000);
    const beat = writer.beat({ agentId: 'a' });
    await writer.flush();
    await beat;
    expect(writes).toEqual([[{ agentId: 'a' }]]);
  });
});

/**
 * Failover on a real store (PGlite) with a fake orchestrator and cluster: running agents of a
 * target that went down are marked lost and started again; paused ones are stopped with no
 * target instead (a restart elsewhere would undo the pause), and their leftover worker is
 * stopped when the target comes back.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Agent, AgentStatus } from '../../../../../shared/index.js';
import { openTestStore, type StoreFixture } from '../../../../test-support/stores.js';
import { AgentService } from '../../agent-service.js';
import type { Services } from '../../index.js';
import { TargetFailover } from '../failover.js';

describe('target failover', () => {
  let fx: StoreFixture;
  let agents: AgentService;
  const started: string[] = [];
  const released: string[] = [];
  const disconnected: string[] = [];
  const stoppedWorkers: string[] = [];
  let workersOnX: string[] = [];
  let failover: TargetFailover;

  beforeEach(async () => {
    fx = await openTestStore('pglite');
    agents = new AgentService(fx.store);
    for (const list of [started, released, disconnected, stoppedWorkers]) list.length = 0;
    workersOnX = [];
    const driver = {
      list: async () => workersOnX.map((agentId) => ({ agentId, state: 'running' })),
      stop: async (agentId: string) => {
        stoppedWorkers.push(agentId);
      },
    };
    const services = {
      store: fx.store,
      agents,
      scheduler: {
        releaseAgentTasks: async (agentId: string) => {
          released.push(agentId);
        },
      },
      cluster: {
        onTargetChange: () => () => undefined,
        registry: { get: (id: string) => (id === 'x' ? { driver } : undefined) },
        configuredTargetOf: () => 'x',
      },
    } as unknown as Services;
    failover = new TargetFailover(
      services,
      {
        startAgent: async (_actor, agentId) => {
          started.push(agentId);
          await agents.setStatus('test', agentId, ['lost'], 'starting', { targetId: 'y' });
        },
        cancelRestart: () => undefined,
      },
      { disconnect: (id) => disconnected.push(id), retryMs: 60_000, log: () => undefined },
    );
  });
  afterEach(async () => fx.close());

  const agentOn = async (name: string, status: AgentStatus): Promise<Agent> => {
    const agent = await agents.create('test', { name, type: 'qa', runtime: 'process', start: false });
    return (await fx.store.agents.update(agent.id, { status, targetId: 'x', tokenHash: 'h' }))!;
  };

  it('restarts running agents elsewhere, but stops paused ones with no target for a person to restart', async () => {
    const busy = await agentOn('busy', 'busy');
    const paused = await agentOn('paused', 'paused');

    await failover.failover('x');

    expect(started).toEqual([busy.id]);
    expect(await fx.store.agents.get(busy.id)).toMatchObject({ status: 'starting', targetId: 'y' });
    expect(await fx.store.agents.get(paused.id)).toMatchObject({ status: 'stopped', targetId: null });
    expect(await fx.store.agents.tokenHash(paused.id)).toBeNull();
    expect(released.sort()).toEqual([busy.id, paused.id].sort());
    expect(disconnected.sort()).toEqual([busy.id, paused.id].sort());
    const events = await fx.store.events.listAfter({ after: 0, limit: 1000, subject: `agent:${paused.id}` });
    expect(events.at(-1)).toMatchObject({ type: 'agent.updated', actor: 'cluster', payload: expect.objectContaining({ status: 'stopped', targetId: null }) });
    expect(events.some((e) => e.type === 'agent.lost')).toBe(false);

    // The target comes back with the paused agent's worker still there (it is the configured
    // target, so "home" is still x): the worker of the now stopped agent is stopped.
    workersOnX = [paused.id];
    await failover.recovered('x');
    expect(stoppedWorkers).toEqual([paused.id]);
    expect(started).toEqual([busy.id]);
  });
});

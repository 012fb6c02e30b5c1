import type { DomainEvent, PushPayload, Role } from '../../../shared/index.js';
import type { Notifier } from '../notifier/port.js';
import type { Preferences } from '../store/repos/push.js';
import type { Store } from '../store/store.js';

interface Notice {
  kind: keyof Preferences;
  /** The least role that should hear about it. */
  audience: Role;
  payload: PushPayload;
}

const ROLE_RANK: Record<Role, number> = { viewer: 0, operator: 1, approver: 2, admin: 3 };

/** Which committed events deserve a push notification, and to whom. */
export function noticeFor(e: DomainEvent): Notice | null {
  const p = e.payload as Record<string, unknown>;
  switch (e.type) {
    case 'proposal.created':
      return {
        kind: 'approvals',
        audience: 'approver',
        payload: { title: 'Approval requested', body: `${String(p.title)} (${String(p.kind)})`, url: `/approvals/${String(p.id)}`, tag: `proposal-${String(p.id)}` },
      };
    case 'task.updated':
      if (p.status !== 'failed' && p.status !== 'dead_letter') return null;
      return {
        kind: 'failures',
        audience: 'operator',
        payload: {
          title: p.status === 'failed' ? 'Task failed' : 'Task gave up after its retries',
          body: `${String(p.title)}: ${String(p.error ?? '').slice(0, 140)}`,
          url: `/tasks/${String(p.id)}`,
          tag: `task-${String(p.id)}`,
        },
      };
    case 'agent.updated':
      if (p.status !== 'failed') return null;
      return {
        kind: 'failures',
        audience: 'operator',
        payload: { title: 'Agent failed', body: `${String(p.name)} stopped unexpectedly; restarting it`, url: `/agents/${String(p.id)}`, tag: `agent-${String(p.id)}` },
      };
    case 'budget.exhausted':
      return {
        kind: 'budgets',
        audience: 'operator',
        payload: { title: 'Token budget spent', body: String(p.message), url: `/agents/${String(p.agentId)}`, tag: `budget-${String(p.agentId)}` },
      };
    default:
      return null;
  }
}

/**
 * Pushes notifications for approval requests, failures and spent budgets to the devices of
 * users who may act on them and have not turned that kind off.
 */
export class NotificationService {
  private unsubscribe: (() => void) | null = null;
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    private readonly store: Store,
    private readonly notifier: Notifier,
    private readonly log: (msg: string) => void,
  ) {}

  start(): void {
    this.unsubscribe = this.store.onEvents((events) => {
      for (const e of events) {
        const notice = noticeFor(e);
        if (!notice) continue;
        const work: Promise<unknown> = this.deliver(notice)
          .catch((err: Error) => this.log(`push for ${e.type} failed: ${err.message}`))
          .finally(() => this.inFlight.delete(work));
        this.inFlight.add(work);
      }
    });
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    await Promise.allSettled([...this.inFlight]);
  }

  async deliver(notice: Notice): Promise<number> {
    const users = (await this.store.users.list()).filter((u) => !u.disabled && ROLE_RANK[u.role] >= ROLE_RANK[notice.audience]);
    const wanting = await this.store.push.usersWanting(notice.kind, users.map((u) => u.id));
    let sent = 0;
    for (const sub of await this.store.push.subscriptionsOf(wanting)) {
      const outcome = await this.notifier.send(sub, notice.payload).catch((err: Error) => {
        this.log(`push to ${new URL(sub.endpoint).host} failed: ${err.message}`);
        return 'failed' as const;
      });
      if (outcome === 'gone') await this.store.push.unsubscribe(sub.endpoint);
      if (outcome === 'sent') sent++;
    }
    return sent;
  }
}

import { createHash } from 'node:crypto';
import type { Proposal, ProposalListQuery, ProposeInput } from '../../../shared/index.js';
import { AppError } from '../errors.js';
import type { Store } from '../store/store.js';

/**
 * The hash an approval is bound to: every field that changes what would be applied.
 * Fields are length-prefixed so no two different proposals can produce the same input.
 */
export function proposalContentHash(p: Pick<Proposal, 'kind' | 'target' | 'baseRef' | 'content'>): string {
  const h = createHash('sha256');
  for (const part of [p.kind, p.target, p.baseRef, p.content]) h.update(`${Buffer.byteLength(part)}:${part}`);
  return h.digest('hex');
}

/** Proposals for self-modification. Validation, approval and apply come with the approvals service. */
export class ProposalService {
  constructor(private readonly store: Store) {}

  list(q: ProposalListQuery) {
    return this.store.proposals.list(q);
  }

  async get(id: string): Promise<Proposal> {
    const p = await this.store.proposals.get(id);
    if (!p) throw AppError.notFound('proposal', id);
    return p;
  }

  async propose(actor: string, input: ProposeInput, proposerUser: string | null): Promise<Proposal> {
    if (input.proposerAgentId && !(await this.store.agents.get(input.proposerAgentId))) {
      throw AppError.field('proposerAgentId', `agent ${input.proposerAgentId} does not exist`);
    }
    if (input.kind === 'prompt' && !(await this.store.agentTypes.get(input.target))) {
      throw AppError.field('target', `unknown agent type ${input.target}`);
    }
    return this.store.transaction(async (tx) => {
      const proposal = await tx.proposals.insert({
        id: crypto.randomUUID(),
        kind: input.kind,
        title: input.title,
        rationale: input.rationale,
        state: 'proposed',
        proposerAgentId: input.proposerAgentId ?? null,
        proposerUser: input.proposerAgentId ? null : proposerUser,
        target: input.target,
        baseRef: input.baseRef,
        content: input.content,
        contentHash: proposalContentHash(input),
      });
      const { content: _c, ...summary } = proposal;
      await tx.events.append({ type: 'proposal.created', subject: `proposal:${proposal.id}`, actor, payload: summary });
      return proposal;
    });
  }
}

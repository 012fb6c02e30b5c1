import { createHash } from 'node:crypto';
import type {
  AuditEntry,
  ConfigDocument,
  ConfigDocumentInput,
  HistoryQuery,
  Proposal,
  ProposalDetail,
  ProposalListQuery,
  ProposeInput,
  Repository,
  RepositoryInput,
  ReviseInput,
} from '../../../shared/index.js';
import { AppError } from '../errors.js';
import type { GitPort } from '../git/port.js';
import type { Repositories, Store } from '../store/store.js';
import { analyseProposal, parsePatch, type Analysis } from './self-modify/proposal-analysis.js';
import { patchesConflict } from './self-modify/conflicts.js';
import { recordAudit, releaseConflicts, summary, updateProposal } from './self-modify/proposal-records.js';

/**
 * The hash an approval is bound to: every field that changes what would be applied.
 * Fields are length-prefixed so no two different proposals can produce the same input.
 */
export function proposalContentHash(p: Pick<Proposal, 'kind' | 'target' | 'baseRef' | 'content'>): string {
  const h = createHash('sha256');
  for (const part of [p.kind, p.target, p.baseRef, p.content]) h.update(`${Buffer.byteLength(part)}:${part}`);
  return h.digest('hex');
}

/** The columns analysis decides: the resolved base, the hash bound to it, risk and diff stat. */
function analysedFields(p: Pick<Proposal, 'kind' | 'target' | 'content'>, analysis: Analysis) {
  return {
    baseRef: analysis.baseRef,
    contentHash: proposalContentHash({ ...p, baseRef: analysis.baseRef }),
    riskLevel: analysis.risk.level,
    riskReasons: analysis.risk.reasons,
    diffStat: analysis.stat,
  };
}

/** States in which the proposer may still revise a proposal (a revision needs a new review). */
const REVISABLE: Proposal['state'][] = ['proposed', 'validating', 'awaiting_approval', 'failed'];

/**
 * Proposals for self-modification (DESIGN §4): taking them in (analysed, risk-rated,
 * conflict-checked, protected paths refused), revising, reading, and the repositories and
 * config documents they target. Validation, approval and apply live in ProposalPipeline and
 * ApprovalService.
 */
export class ProposalService {
  /** Called after a proposal is created or revised (the hub starts its validation). */
  onProposed: (id: string) => void = () => {};

  constructor(
    private readonly store: Store,
    private readonly git: GitPort,
  ) {}

  list(q: ProposalListQuery) {
    return this.store.proposals.list(q);
  }

  async get(id: string): Promise<Proposal> {
    const p = await this.store.proposals.get(id);
    if (!p) throw AppError.notFound('proposal', id);
    return p;
  }

  async detail(id: string): Promise<ProposalDetail> {
    const p = await this.get(id);
    const [reviews, previousContent] = await Promise.all([this.store.proposals.reviews(id), this.previousContent(p)]);
    return { ...p, reviews, previousContent };
  }

  /** Every audit entry about this proposal, oldest first: requests, decisions, pipeline steps. */
  async trail(id: string): Promise<AuditEntry[]> {
    await this.get(id);
    return (await this.store.audit.list({ resourceId: id, limit: 1000, offset: 0, order: 'asc' })).items;
  }

  history(q: HistoryQuery) {
    return this.store.proposalHistory.list(q);
  }

  async propose(actor: string, input: ProposeInput, proposerUser: string | null): Promise<Proposal> {
    if (input.proposerAgentId && !(await this.store.agents.get(input.proposerAgentId))) {
      throw AppError.field('proposerAgentId', `agent ${input.proposerAgentId} does not exist`);
    }
    const analysis = await analyseProposal(this.store, this.git, input);
    const proposal = await this.store.transaction(async (tx) => {
      const inserted = await tx.proposals.insert({
        id: crypto.randomUUID(),
        kind: input.kind,
        title: input.title,
        rationale: input.rationale,
        state: 'proposed',
        proposerAgentId: input.proposerAgentId ?? null,
        proposerUser: input.proposerAgentId ? null : proposerUser,
        target: input.target,
        content: input.content,
        ...analysedFields(input, analysis),
      });
      const p = await this.markConflicts(tx, actor, inserted, analysis);
      await tx.events.append({ type: 'proposal.created', subject: `proposal:${p.id}`, actor, payload: summary(p) });
      await recordAudit(tx, actor, 'proposed', p, { riskLevel: p.riskLevel, conflictsWith: p.conflictsWith });
      return p;
    });
    this.onProposed(proposal.id);
    return proposal;
  }

  /** A new version of a proposal by its proposer: a new hash, validated again, reviewed again. */
  async revise(actor: string, id: string, input: ReviseInput, username: string): Promise<Proposal> {
    const current = await this.get(id);
    if (current.proposerUser !== username) throw new AppError('FORBIDDEN', 'only the person who proposed a change can revise it');
    if (!REVISABLE.includes(current.state)) throw new AppError('CONFLICT', `a ${current.state} proposal cannot be revised`);
    const next = { kind: current.kind, target: current.target, content: input.content, baseRef: input.baseRef };
    const analysis = await analyseProposal(this.store, this.git, next);
    const proposal = await this.store.transaction(async (tx) => {
      const locked = await tx.proposals.getForUpdate(id);
      if (!locked || !REVISABLE.includes(locked.state)) throw new AppError('CONFLICT', `a ${locked?.state ?? 'missing'} proposal cannot be revised`);
      await releaseConflicts(tx, actor, locked);
      const revised = await tx.proposals.revise(id, {
        title: input.title ?? locked.title,
        rationale: input.rationale ?? locked.rationale,
        content: input.content,
        ...analysedFields(next, analysis),
      });
      const p = await this.markConflicts(tx, actor, revised, analysis);
      await tx.events.append({ type: 'proposal.updated', subject: `proposal:${id}`, actor, payload: summary(p) });
      await recordAudit(tx, actor, 'revised', p, { previousHash: locked.contentHash });
      return p;
    });
    this.onProposed(proposal.id);
    return proposal;
  }

  /** Mark `p` and every open patch of the same repository that changes the same lines. */
  private async markConflicts(tx: Repositories, actor: string, p: Proposal, analysis: Analysis): Promise<Proposal> {
    if (!analysis.files) return p;
    const conflicts: string[] = [];
    for (const other of await tx.proposals.openPatches(p.target)) {
      if (other.id === p.id) continue;
      let otherFiles;
      try {
        otherFiles = parsePatch(other.content);
      } catch {
        continue;
      }
      if (!patchesConflict(analysis.files, otherFiles)) continue;
      conflicts.push(other.id);
      if (!other.conflictsWith.includes(p.id)) await updateProposal(tx, actor, other.id, { conflictsWith: [...other.conflictsWith, p.id] });
    }
    return conflicts.length ? tx.proposals.update(p.id, { conflictsWith: conflicts }) : p;
  }

  /** For prompt and config proposals: the text at the proposal's base, to diff against. */
  private async previousContent(p: Proposal): Promise<string | null> {
    const version = Number(p.baseRef);
    if (p.kind === 'prompt') return (await this.store.agentTypes.getPrompt(p.target, version))?.prompt ?? null;
    if (p.kind === 'config') return version === 0 ? '' : await this.store.configDocuments.version(p.target, version);
    return null;
  }

  // Repositories and config documents: what proposals can target.

  async repositories(): Promise<Repository[]> {
    const rows = await this.store.codeRepositories.list();
    return Promise.all(rows.map(async (r) => ({ ...r, head: await this.git.resolveCommit(r.path, r.targetBranch) })));
  }

  async registerRepository(actor: string, input: RepositoryInput): Promise<Repository> {
    if (!(await this.git.isRepository(input.path))) throw AppError.field('path', `${input.path} is not a git repository`);
    const head = await this.git.resolveCommit(input.path, `refs/heads/${input.targetBranch}`);
    if (!head) throw AppError.field('targetBranch', `branch ${input.targetBranch} does not exist in ${input.path}`);
    const row = await this.store.codeRepositories.upsert({ ...input, healthCommand: input.healthCommand ?? null, createdBy: actor });
    return { ...row, head };
  }

  configs(): Promise<ConfigDocument[]> {
    return this.store.configDocuments.list();
  }

  async createConfig(actor: string, input: ConfigDocumentInput): Promise<ConfigDocument> {
    if (await this.store.configDocuments.exists(input.name)) throw new AppError('CONFLICT', `config document ${input.name} already exists; propose a change to it instead`);
    return this.store.configDocuments.create(input.name, input.description, input.content, actor);
  }
}

import { z } from 'zod';
import {
  ApprovalRule,
  ApprovalRuleInput,
  ApproveInput,
  AuditEntry,
  ConfigDocument,
  ConfigDocumentInput,
  HistoryEntry,
  HistoryQuery,
  IdParam,
  page,
  Proposal,
  ProposalDetail,
  ProposalListQuery,
  ProposeBody,
  RejectInput,
  Repository,
  RepositoryInput,
  ReviseInput,
  RollbackInput,
} from '../../../../shared/index.js';
import { actorLabel } from '../../auth/principal.js';
import { AppError } from '../../errors.js';
import { access, createRoute, errors, jsonBody, jsonResponse, newRouter } from '../../http/route.js';
import type { Context } from 'hono';
import type { AppEnv } from '../../http/env.js';

const tags = ['self-modify'];
const items = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

const propose = createRoute({
  method: 'post', path: '/self-modify/propose', ...access('operator', 'Propose a change to code, a prompt or a config', tags),
  request: { body: jsonBody(ProposeBody) },
  responses: { 201: jsonResponse(Proposal, 'The new proposal; validation starts at once'), ...errors },
});
const list = createRoute({
  method: 'get', path: '/self-modify', ...access('viewer', 'List proposals', tags),
  request: { query: ProposalListQuery },
  responses: { 200: jsonResponse(page(Proposal), 'A page of proposals, newest first'), ...errors },
});
const history = createRoute({
  method: 'get', path: '/self-modify/history', ...access('viewer', 'Applies and rollbacks, newest first', tags),
  request: { query: HistoryQuery },
  responses: { 200: jsonResponse(page(HistoryEntry), 'A page of history entries'), ...errors },
});
const listRules = createRoute({
  method: 'get', path: '/self-modify/rules', ...access('viewer', 'Remembered allow-rules (active and revoked)', tags),
  responses: { 200: jsonResponse(items(ApprovalRule), 'Every allow-rule, newest first'), ...errors },
});
const createRule = createRoute({
  method: 'post', path: '/self-modify/rules', ...access('admin', 'Remember an allow-rule', tags),
  request: { body: jsonBody(ApprovalRuleInput) },
  responses: { 201: jsonResponse(ApprovalRule, 'The new rule'), ...errors },
});
const revokeRule = createRoute({
  method: 'delete', path: '/self-modify/rules/{id}', ...access('admin', 'Revoke an allow-rule', tags),
  request: { params: IdParam },
  responses: { 200: jsonResponse(ApprovalRule, 'The revoked rule'), ...errors },
});
const listRepositories = createRoute({
  method: 'get', path: '/self-modify/repositories', ...access('viewer', 'Git repositories proposals may patch', tags),
  responses: { 200: jsonResponse(items(Repository), 'Registered repositories'), ...errors },
});
const registerRepository = createRoute({
  method: 'post', path: '/self-modify/repositories', ...access('admin', 'Register (or update) a git repository', tags),
  request: { body: jsonBody(RepositoryInput) },
  responses: { 201: jsonResponse(Repository, 'The registered repository'), ...errors },
});
const listConfigs = createRoute({
  method: 'get', path: '/self-modify/configs', ...access('viewer', 'Config documents with their active version', tags),
  responses: { 200: jsonResponse(items(ConfigDocument), 'Config documents'), ...errors },
});
const createConfig = createRoute({
  method: 'post', path: '/self-modify/configs', ...access('admin', 'Create a config document (changes to it go through proposals)', tags),
  request: { body: jsonBody(ConfigDocumentInput) },
  responses: { 201: jsonResponse(ConfigDocument, 'The new document at version 1'), ...errors },
});
const get = createRoute({
  method: 'get', path: '/self-modify/{id}', ...access('viewer', 'Get one proposal with its reviews', tags),
  request: { params: IdParam },
  responses: { 200: jsonResponse(ProposalDetail, 'The proposal'), ...errors },
});
const revise = createRoute({
  method: 'put', path: '/self-modify/{id}', ...access('operator', 'Revise your proposal (new hash: validated and reviewed again)', tags),
  request: { params: IdParam, body: jsonBody(ReviseInput) },
  responses: { 200: jsonResponse(Proposal, 'The revised proposal'), ...errors },
});
const trail = createRoute({
  method: 'get', path: '/self-modify/{id}/trail', ...access('viewer', "A proposal's audit trail, oldest first", tags),
  request: { params: IdParam },
  responses: { 200: jsonResponse(items(AuditEntry), 'Who did what, when, on which hash and why'), ...errors },
});
const approve = createRoute({
  method: 'post', path: '/self-modify/{id}/approve', ...access('approver', 'Approve exactly the reviewed version (content hash)', tags),
  request: { params: IdParam, body: jsonBody(ApproveInput) },
  responses: { 200: jsonResponse(Proposal, 'The approved proposal; apply starts at once'), ...errors },
});
const reject = createRoute({
  method: 'post', path: '/self-modify/{id}/reject', ...access('approver', 'Reject the reviewed version, saying why', tags),
  request: { params: IdParam, body: jsonBody(RejectInput) },
  responses: { 200: jsonResponse(Proposal, 'The rejected proposal'), ...errors },
});
const rollback = createRoute({
  method: 'post', path: '/self-modify/{id}/rollback', ...access('approver', 'Roll back an applied proposal', tags),
  request: { params: IdParam, body: jsonBody(RollbackInput) },
  responses: { 200: jsonResponse(Proposal, 'The rolled-back proposal, with a new checkpoint'), ...errors },
});

function pipeline(c: Context<AppEnv>) {
  const p = c.var.services.pipeline;
  if (!p) throw new AppError('UNAVAILABLE', 'The self-modify pipeline is not running in this process');
  return p;
}

export const selfModifyRouter = newRouter()
  .openapi(propose, async (c) => {
    const principal = c.var.principal!;
    const proposal = await c.var.services.proposals.propose(actorLabel(principal), c.req.valid('json'), principal.user.username);
    c.set('auditResourceId', proposal.id);
    return c.json(proposal, 201);
  })
  .openapi(list, async (c) => {
    const q = c.req.valid('query');
    return c.json({ ...(await c.var.services.proposals.list(q)), limit: q.limit, offset: q.offset }, 200);
  })
  .openapi(history, async (c) => {
    const q = c.req.valid('query');
    return c.json({ ...(await c.var.services.proposals.history(q)), limit: q.limit, offset: q.offset }, 200);
  })
  .openapi(listRules, async (c) => c.json({ items: await c.var.services.approvals.rules(true) }, 200))
  .openapi(createRule, async (c) => {
    const rule = await c.var.services.approvals.createRule(actorLabel(c.var.principal!), c.req.valid('json'));
    c.set('auditResourceId', rule.id);
    return c.json(rule, 201);
  })
  .openapi(revokeRule, async (c) => c.json(await c.var.services.approvals.revokeRule(actorLabel(c.var.principal!), c.req.valid('param').id), 200))
  .openapi(listRepositories, async (c) => c.json({ items: await c.var.services.proposals.repositories() }, 200))
  .openapi(registerRepository, async (c) => {
    const input = c.req.valid('json');
    c.set('auditResourceId', input.name);
    return c.json(await c.var.services.proposals.registerRepository(actorLabel(c.var.principal!), input), 201);
  })
  .openapi(listConfigs, async (c) => c.json({ items: await c.var.services.proposals.configs() }, 200))
  .openapi(createConfig, async (c) => {
    const input = c.req.valid('json');
    c.set('auditResourceId', input.name);
    return c.json(await c.var.services.proposals.createConfig(actorLabel(c.var.principal!), input), 201);
  })
  .openapi(get, async (c) => c.json(await c.var.services.proposals.detail(c.req.valid('param').id), 200))
  .openapi(revise, async (c) => {
    const principal = c.var.principal!;
    return c.json(await c.var.services.proposals.revise(actorLabel(principal), c.req.valid('param').id, c.req.valid('json'), principal.user.username), 200);
  })
  .openapi(trail, async (c) => c.json({ items: await c.var.services.proposals.trail(c.req.valid('param').id) }, 200))
  .openapi(approve, async (c) => c.json(await c.var.services.approvals.approve(c.var.principal!, c.req.valid('param').id, c.req.valid('json')), 200))
  .openapi(reject, async (c) => c.json(await c.var.services.approvals.reject(c.var.principal!, c.req.valid('param').id, c.req.valid('json')), 200))
  .openapi(rollback, async (c) => {
    const principal = c.var.principal!;
    const { reason } = c.req.valid('json');
    const id = c.req.valid('param').id;
    await c.var.services.proposals.get(id);
    return c.json(await pipeline(c).rollback(id, principal.user.username, reason, actorLabel(principal)), 200);
  });

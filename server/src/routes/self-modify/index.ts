import { IdParam, page, Proposal, ProposalListQuery, ProposeInput } from '../../../../shared/index.js';
import { actorLabel } from '../../auth/principal.js';
import { access, createRoute, errors, jsonBody, jsonResponse, newRouter } from '../../http/route.js';

const tags = ['self-modify'];

const propose = createRoute({
  method: 'post', path: '/self-modify/propose', ...access('operator', 'Propose a change to code, a prompt or a config', tags),
  request: { body: jsonBody(ProposeInput) },
  responses: { 201: jsonResponse(Proposal, 'The new proposal'), ...errors },
});
const list = createRoute({
  method: 'get', path: '/self-modify', ...access('viewer', 'List proposals', tags),
  request: { query: ProposalListQuery },
  responses: { 200: jsonResponse(page(Proposal), 'A page of proposals, newest first'), ...errors },
});
const get = createRoute({
  method: 'get', path: '/self-modify/{id}', ...access('viewer', 'Get one proposal', tags),
  request: { params: IdParam },
  responses: { 200: jsonResponse(Proposal, 'The proposal'), ...errors },
});

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
  .openapi(get, async (c) => c.json(await c.var.services.proposals.get(c.req.valid('param').id), 200));

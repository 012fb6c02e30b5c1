import { Message, SendMessageInput } from '../../../../shared/index.js';
import { actorLabel } from '../../auth/principal.js';
import { access, createRoute, errors, jsonBody, jsonResponse, newRouter } from '../../http/route.js';

const send = createRoute({
  method: 'post', path: '/messages', ...access('operator', 'Send a message to an agent', ['messages']),
  request: { body: jsonBody(SendMessageInput) },
  responses: { 201: jsonResponse(Message, 'The stored message'), ...errors },
});

export const messagesRouter = newRouter().openapi(send, async (c) => {
  const principal = c.var.principal!;
  const message = await c.var.services.messages.send(actorLabel(principal), c.req.valid('json'), principal.user.username);
  c.set('auditResourceId', message.id);
  return c.json(message, 201);
});

/**
 * A local HTTP server that speaks enough of the Anthropic Messages API for the real
 * `@anthropic-ai/sdk` to talk to it (DESIGN §7: the API itself is unreachable from CI).
 * `POST /v1/messages` answers with JSON, or with the real SSE event sequence when the body
 * has `stream: true`, replaying a scripted conversation one turn per request.
 *
 *   const api = await startMessagesApiServer([{ toolUses: [{ name: 'list_files', input: {} }] }, { text: 'Done.' }]);
 *   const client = new Anthropic({ apiKey: 'test', baseURL: api.url });
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ScriptedStopReason = 'end_turn' | 'tool_use' | 'max_tokens' | 'stop_sequence' | 'refusal' | 'pause_turn';

export interface ScriptedToolUse {
  name: string;
  input: Record<string, unknown>;
  /** Defaults to `toolu_test_<turn>_<n>`. */
  id?: string;
}

/** A successful reply: thinking first (if any), then text, then tool calls. */
export interface ScriptedReply {
  /** A thinking block (signature `sig_test_<turn>`), as current models send by default. */
  thinking?: string;
  text?: string;
  toolUses?: ScriptedToolUse[];
  /** Defaults to `tool_use` when there are tool uses, else `end_turn`. */
  stopReason?: ScriptedStopReason;
  /** Defaults to chars/4 of the request and of the reply. */
  usage?: { input_tokens?: number; output_tokens?: number };
  /** Defaults to the model the request asked for. */
  model?: string;
  /** Hold the reply this long, so tests can observe requests overlapping (or not). */
  delayMs?: number;
}

/** An HTTP error reply, e.g. `{ status: 429, retryAfterSeconds: 1 }` or `{ status: 529 }`. */
export interface ScriptedFailure {
  status: number;
  retryAfterSeconds?: number;
  retryAfterMs?: number;
  /** Defaults to the API's type for the status (rate_limit_error, overloaded_error, …). */
  errorType?: string;
  message?: string;
  delayMs?: number;
}

/** A 200 stream that starts, then breaks with an SSE `error` event (how the API reports mid-stream overload). */
export interface ScriptedStreamError {
  streamError: { type: string; message?: string };
}

export type ScriptedOutcome = ScriptedReply | ScriptedFailure | ScriptedStreamError;
export type ScriptedTurn =
  | ScriptedOutcome
  | ((request: MessagesRequestBody) => ScriptedOutcome | Promise<ScriptedOutcome>);

/** The request body as the SDK sends it (loosely typed: tests read what they need). */
export interface MessagesRequestBody {
  model: string;
  max_tokens: number;
  messages: Array<{ role: string; content: unknown }>;
  system?: unknown;
  tools?: Array<{ name: string; description?: string; input_schema: unknown }>;
  stream?: boolean;
  [key: string]: unknown;
}

/** One request as the server saw it, with timings for concurrency and back-off assertions. */
export interface RecordedExchange {
  turn: number;
  body: MessagesRequestBody;
  headers: IncomingMessage['headers'];
  status: number;
  startedAt: number;
  endedAt?: number;
}

export interface MessagesApiServer {
  /** Base URL for the SDK's `baseURL`. */
  url: string;
  /** Every request body, in arrival order (failed turns included). */
  requests: MessagesRequestBody[];
  exchanges: RecordedExchange[];
  /** Most requests ever in flight at once. */
  readonly peakConcurrency: number;
  /** Errors thrown by scripted functions (they also fail the request with a 400). */
  scriptErrors: unknown[];
  close(): Promise<void>;
}

const ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  529: 'overloaded_error',
};

export async function startMessagesApiServer(script: ScriptedTurn[]): Promise<MessagesApiServer> {
  const requests: MessagesRequestBody[] = [];
  const exchanges: RecordedExchange[] = [];
  const scriptErrors: unknown[] = [];
  let inFlight = 0;
  let peakConcurrency = 0;
  let nextTurn = 0;

  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      scriptErrors.push(error);
      if (!res.headersSent) sendError(res, 500, 'api_error', String(error));
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST' || !req.url?.startsWith('/v1/messages')) {
      return sendError(res, 404, 'not_found_error', `${req.method} ${req.url} is not scripted`);
    }
    const raw = await readBody(req);
    let body: MessagesRequestBody;
    try {
      body = JSON.parse(raw) as MessagesRequestBody;
    } catch {
      return sendError(res, 400, 'invalid_request_error', 'body is not JSON');
    }
    const turn = nextTurn++;
    const exchange: RecordedExchange = { turn, body, headers: req.headers, status: 0, startedAt: Date.now() };
    requests.push(body);
    exchanges.push(exchange);
    inFlight++;
    peakConcurrency = Math.max(peakConcurrency, inFlight);
    res.on('close', () => {
      inFlight--;
      exchange.endedAt = Date.now();
    });

    const step = script[turn];
    if (step === undefined) {
      exchange.status = 400;
      return sendError(res, 400, 'invalid_request_error', `messages-api-server: script has only ${script.length} turns`);
    }
    let outcome: ScriptedOutcome;
    try {
      outcome = typeof step === 'function' ? await step(body) : step;
    } catch (error) {
      // A failed assertion inside a scripted function: answer 400 (never retried) with its message.
      scriptErrors.push(error);
      exchange.status = 400;
      return sendError(res, 400, 'invalid_request_error', `script turn ${turn} threw: ${String(error)}`);
    }
    const delayMs = 'delayMs' in outcome ? (outcome.delayMs ?? 0) : 0;
    if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));

    if ('status' in outcome) {
      exchange.status = outcome.status;
      const headers: Record<string, string> = {};
      if (outcome.retryAfterSeconds !== undefined) headers['retry-after'] = String(outcome.retryAfterSeconds);
      if (outcome.retryAfterMs !== undefined) headers['retry-after-ms'] = String(outcome.retryAfterMs);
      const type = outcome.errorType ?? ERROR_TYPES[outcome.status] ?? 'api_error';
      return sendError(res, outcome.status, type, outcome.message ?? `scripted ${outcome.status}`, headers);
    }
    exchange.status = 200;
    const message = buildMessage(body, outcome, turn);
    if ('streamError' in outcome) return sendBrokenStream(res, message, outcome.streamError);
    if (body.stream) return sendStream(res, message);
    sendJson(res, 200, message);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    exchanges,
    scriptErrors,
    get peakConcurrency() {
      return peakConcurrency;
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
      return closing;
    },
  };
}

type ApiMessage = ReturnType<typeof buildMessage>;

function buildMessage(body: MessagesRequestBody, outcome: ScriptedReply | ScriptedStreamError, turn: number) {
  const reply: ScriptedReply = 'streamError' in outcome ? { text: 'partial' } : outcome;
  const content: Array<Record<string, unknown>> = [];
  if (reply.thinking) content.push({ type: 'thinking', thinking: reply.thinking, signature: `sig_test_${turn}` });
  if (reply.text) content.push({ type: 'text', text: reply.text, citations: null });
  (reply.toolUses ?? []).forEach((use, n) => {
    content.push({ type: 'tool_use', id: use.id ?? `toolu_test_${turn}_${n}`, name: use.name, input: use.input, caller: { type: 'direct' } });
  });
  const stopReason = reply.stopReason ?? (reply.toolUses?.length ? 'tool_use' : 'end_turn');
  return {
    id: `msg_test_${turn}`,
    type: 'message' as const,
    role: 'assistant' as const,
    model: reply.model ?? body.model,
    content,
    stop_reason: stopReason,
    stop_sequence: null,
    stop_details: null,
    container: null,
    diagnostics: null,
    usage: {
      input_tokens: reply.usage?.input_tokens ?? Math.ceil(JSON.stringify(body).length / 4),
      output_tokens: reply.usage?.output_tokens ?? Math.ceil(JSON.stringify(content).length / 4),
      cache_creation_input_tokens: null,
      cache_read_input_tokens: null,
      cache_creation: null,
      inference_geo: null,
      output_tokens_details: null,
      server_tool_use: null,
      service_tier: 'standard',
      speed: null,
    },
  };
}

/** The event sequence the API sends: message_start, per block start/deltas/stop, message_delta, message_stop. */
function sendStream(res: ServerResponse, message: ApiMessage): void {
  startSse(res);
  writeStart(res, message);
  message.content.forEach((block, index) => {
    if (block.type === 'thinking') {
      writeEvent(res, 'content_block_start', { type: 'content_block_start', index, content_block: { type: 'thinking', thinking: '', signature: '' } });
      writeEvent(res, 'content_block_delta', { type: 'content_block_delta', index, delta: { type: 'thinking_delta', thinking: block.thinking } });
      writeEvent(res, 'content_block_delta', { type: 'content_block_delta', index, delta: { type: 'signature_delta', signature: block.signature } });
    } else if (block.type === 'text') {
      writeEvent(res, 'content_block_start', { type: 'content_block_start', index, content_block: { type: 'text', text: '', citations: null } });
      // One delta per word, so callers see several text deltas as they would from the API.
      for (const piece of String(block.text).match(/\S+\s*|\s+/g) ?? []) {
        writeEvent(res, 'content_block_delta', { type: 'content_block_delta', index, delta: { type: 'text_delta', text: piece } });
      }
    } else {
      writeEvent(res, 'content_block_start', { type: 'content_block_start', index, content_block: { ...block, input: {} } });
      const json = JSON.stringify(block.input);
      const half = Math.ceil(json.length / 2);
      for (const partial of [json.slice(0, half), json.slice(half)]) {
        writeEvent(res, 'content_block_delta', { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: partial } });
      }
    }
    writeEvent(res, 'content_block_stop', { type: 'content_block_stop', index });
  });
  writeEvent(res, 'message_delta', {
    type: 'message_delta',
    delta: { stop_reason: message.stop_reason, stop_sequence: null, stop_details: null, container: null },
    usage: { output_tokens: message.usage.output_tokens, input_tokens: message.usage.input_tokens },
  });
  writeEvent(res, 'message_stop', { type: 'message_stop' });
  res.end();
}

function sendBrokenStream(res: ServerResponse, message: ApiMessage, error: { type: string; message?: string }): void {
  startSse(res);
  writeStart(res, message);
  writeEvent(res, 'error', { type: 'error', error: { type: error.type, message: error.message ?? 'scripted stream error' } });
  res.end();
}

function startSse(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'request-id': 'req_test' });
}

function writeStart(res: ServerResponse, message: ApiMessage): void {
  const usage = { ...message.usage, output_tokens: 1 };
  writeEvent(res, 'message_start', { type: 'message_start', message: { ...message, content: [], stop_reason: null, usage } });
  writeEvent(res, 'ping', { type: 'ping' });
}

function writeEvent(res: ServerResponse, event: string, data: unknown): void {
  res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

function sendError(res: ServerResponse, status: number, type: string, message: string, headers: Record<string, string> = {}): void {
  sendJson(res, status, { type: 'error', error: { type, message } }, headers);
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'request-id': 'req_test', ...headers });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * OpenTelemetry tracing for the hub and the agent worker: one trace follows a task from the
 * REST request that created it, through the scheduler's claim and the dispatch, into the
 * worker's tool loop and model calls, back to the persisted result.
 *
 * Off unless an OTLP endpoint is configured (OTEL_EXPORTER_OTLP_ENDPOINT or
 * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, the standard variables). Off means no provider, no
 * context manager and no propagation: every helper here returns at its first line, so the
 * hot paths pay one boolean check, and the SDK itself (tracing-sdk.ts) is not even loaded —
 * several MiB of every agent worker's memory otherwise.
 */
import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Span,
  type TimeInput,
} from '@opentelemetry/api';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';

export { SpanKind, SpanStatusCode };
export type { Context, Span };

export interface TracingOptions {
  serviceName: 'hive-hub' | 'hive-agent';
  version?: string;
  /** Extra resource attributes (the worker's agent id). */
  attributes?: Attributes;
  /** Where the OTEL_* variables come from. */
  env?: NodeJS.ProcessEnv;
  /** Export to this OTLP/HTTP base URL (…/v1/traces is appended) instead of the environment's. */
  endpoint?: string;
  /** Export here instead of over OTLP (tests). */
  exporter?: SpanExporter;
}

export interface Tracing {
  /** The environment a worker needs to export its spans to the same place. */
  readonly workerEnv: Record<string, string>;
  forceFlush(): Promise<void>;
  /** Flush and stop; tracing is off afterwards. */
  shutdown(): Promise<void>;
}

let provider: { forceFlush(): Promise<void>; shutdown(): Promise<void> } | null = null;
/** Set from the first initTracing call on, so a second one (even while the first loads) is refused. */
let claimed = false;
let workerEnv: Record<string, string> = {};

/** Is a tracer provider registered (an endpoint was configured)? */
export const tracingEnabled = (): boolean => provider !== null;

// Passed on to workers so that their spans land beside the hub's. Deliberately not
// OTEL_EXPORTER_OTLP_HEADERS: it may carry a collector credential, and agents get none.
const FORWARDED = ['OTEL_TRACES_SAMPLER', 'OTEL_TRACES_SAMPLER_ARG', 'OTEL_BSP_SCHEDULE_DELAY', 'OTEL_BSP_MAX_EXPORT_BATCH_SIZE'];

/**
 * Register the tracer provider when an endpoint is configured; null (tracing stays off)
 * otherwise, or when OTEL_SDK_DISABLED=true. Call once per process, before serving.
 */
export async function initTracing(options: TracingOptions): Promise<Tracing | null> {
  const env = options.env ?? process.env;
  if (env.OTEL_SDK_DISABLED === 'true' || claimed) return null;
  const base = options.endpoint ?? env.OTEL_EXPORTER_OTLP_ENDPOINT;
  const url = (!options.endpoint && env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) || (base ? `${base.replace(/\/+$/, '')}/v1/traces` : undefined);
  if (!options.exporter && !url) return null;
  claimed = true;

  const { startTracerProvider } = await import('./tracing-sdk.js');
  const registered = startTracerProvider({ ...options, url });
  provider = registered;
  workerEnv = url ? { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: withoutUserinfo(url) } : {};
  for (const name of FORWARDED) if (env[name]) workerEnv[name] = env[name];
  return {
    workerEnv: { ...workerEnv },
    forceFlush: () => registered.forceFlush(),
    async shutdown() {
      if (provider !== registered) return;
      provider = null;
      claimed = false;
      workerEnv = {};
      await registered.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}

/** The endpoint without `user:pass@`: a collector credential stays with the hub (agents get none). */
function withoutUserinfo(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.username && !parsed.password) return url;
    parsed.username = '';
    parsed.password = '';
    return parsed.toString();
  } catch {
    return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i, '$1');
  }
}

/** The OTEL_* variables a worker started now should get (empty when tracing is off). */
export const tracingWorkerEnv = (): Record<string, string> => ({ ...workerEnv });

const tracer = () => trace.getTracer('hive');

export interface SpanOptions {
  kind?: SpanKind;
  attributes?: Attributes;
  /** Parent context (e.g. from a traceparent); the active context when left out. */
  parent?: Context;
}

/**
 * Run `fn` inside a new active span that ends when it settles; a throw marks the span as an
 * error. With tracing off, `fn` runs as is and gets no span.
 */
export function inSpan<T>(name: string, options: SpanOptions, fn: (span: Span | undefined) => Promise<T>): Promise<T> {
  if (!provider) return fn(undefined);
  const { kind = SpanKind.INTERNAL, attributes, parent = context.active() } = options;
  return tracer().startActiveSpan(name, { kind, attributes }, parent, async (span) => {
    try {
      return await fn(span);
    } catch (err) {
      span.recordException(err as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error).message });
      throw err;
    } finally {
      span.end();
    }
  });
}

/**
 * Record a span that already happened (start and end known), e.g. a claim whose task, and so
 * whose trace, is known only once it is done.
 */
export function recordSpan(name: string, startTime: TimeInput, options: SpanOptions): void {
  if (!provider) return;
  const { kind = SpanKind.INTERNAL, attributes, parent = context.active() } = options;
  tracer().startSpan(name, { kind, attributes, startTime }, parent).end();
}

/** Now, in the form span start times take (epoch ms with sub-millisecond precision). */
export const spanClock = (): number => performance.timeOrigin + performance.now();

/** The W3C traceparent of the active span, to send along with work (undefined when off). */
export function currentTraceparent(): string | undefined {
  if (!provider || !trace.getSpan(context.active())) return undefined;
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent;
}

/** The context a received traceparent (or header set) continues; undefined when off or absent. */
export function contextFrom(carrier: string | Record<string, string | undefined> | undefined): Context | undefined {
  if (!provider || !carrier) return undefined;
  const headers = typeof carrier === 'string' ? { traceparent: carrier } : carrier;
  const extracted = propagation.extract(ROOT_CONTEXT, headers);
  return trace.getSpan(extracted) ? extracted : undefined;
}

/** pino mixin: the trace and span ids of the active span, so logs and traces join up. */
export function traceLogFields(): { traceId?: string; spanId?: string } {
  if (!provider) return {};
  const span = trace.getSpan(context.active());
  if (!span) return {};
  const { traceId, spanId } = span.spanContext();
  return { traceId, spanId };
}

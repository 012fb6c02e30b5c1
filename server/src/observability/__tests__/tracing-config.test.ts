/** When tracing is on, and what it costs when it is off: nothing is registered, nothing is sent. */
import { context, trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { contextFrom, currentTraceparent, initTracing, inSpan, traceLogFields, tracingEnabled, tracingWorkerEnv } from '../tracing.js';

const TRACEPARENT = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

describe('tracing configuration', () => {
  it('stays off without an endpoint, or when OTEL_SDK_DISABLED is set', async () => {
    expect(await initTracing({ serviceName: 'hive-hub', env: {} })).toBeNull();
    expect(await initTracing({ serviceName: 'hive-hub', env: { OTEL_SDK_DISABLED: 'true', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' } })).toBeNull();
    expect(tracingEnabled()).toBe(false);
    // Off: spans are not even created, nothing propagates, workers get no OTEL_* variables.
    let seen: unknown = 'unset';
    expect(await inSpan('x', {}, async (span) => ((seen = span), 42))).toBe(42);
    expect(seen).toBeUndefined();
    expect(currentTraceparent()).toBeUndefined();
    expect(contextFrom(TRACEPARENT)).toBeUndefined();
    expect(traceLogFields()).toEqual({});
    expect(tracingWorkerEnv()).toEqual({});
    expect(trace.getSpan(context.active())).toBeUndefined();
  });

  it('turns on with the standard variables, passes them to workers, and off again at shutdown', async () => {
    const tracing = await initTracing({
      serviceName: 'hive-hub',
      // Nothing listens on port 9; no span is ended here, so nothing is sent.
      env: { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://127.0.0.1:9/custom/traces', OTEL_TRACES_SAMPLER: 'parentbased_always_on', OTEL_EXPORTER_OTLP_HEADERS: 'api-key=secret' },
    });
    expect(tracing).not.toBeNull();
    expect(tracingEnabled()).toBe(true);
    // Collector credentials in headers stay with the hub.
    expect(tracingWorkerEnv()).toEqual({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://127.0.0.1:9/custom/traces', OTEL_TRACES_SAMPLER: 'parentbased_always_on' });
    // A second init does not replace the first provider.
    expect(await initTracing({ serviceName: 'hive-hub', env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9' } })).toBeNull();

    // A received traceparent is continued: same trace, the sender's span as parent.
    const parent = contextFrom(TRACEPARENT)!;
    expect(parent).toBeDefined();
    const inner = context.with(parent, () => trace.getSpan(context.active())!.spanContext());
    expect(inner.traceId).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(contextFrom('not-a-traceparent')).toBeUndefined();
    expect(currentTraceparent()).toBeUndefined(); // no active span

    await tracing!.shutdown();
    expect(tracingEnabled()).toBe(false);
    expect(tracingWorkerEnv()).toEqual({});
  });

  it('passes workers the endpoint without the credentials in its user:pass@', async () => {
    const tracing = await initTracing({ serviceName: 'hive-hub', env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:s%40cret@127.0.0.1:9/' } });
    expect(tracing).not.toBeNull();
    expect(tracingWorkerEnv()).toEqual({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://127.0.0.1:9/v1/traces' });
    expect(tracing!.workerEnv).toEqual({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://127.0.0.1:9/v1/traces' });
    await tracing!.shutdown();
  });
});

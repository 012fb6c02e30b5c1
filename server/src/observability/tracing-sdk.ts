/**
 * The OpenTelemetry SDK half of tracing.ts, loaded only when tracing is turned on: a worker
 * or hub without an OTLP endpoint never reads these modules.
 */
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import type { TracingOptions } from './tracing.js';

/** Register a tracer provider exporting to `exporter`, else over OTLP/HTTP to `url`. */
export function startTracerProvider(options: Pick<TracingOptions, 'serviceName' | 'version' | 'attributes' | 'exporter'> & { url?: string }): NodeTracerProvider {
  const exporter = options.exporter ?? new OTLPTraceExporter({ url: options.url });
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({
      [ATTR_SERVICE_NAME]: options.serviceName,
      ...(options.version && { [ATTR_SERVICE_VERSION]: options.version }),
      ...options.attributes,
    }),
    // Batched: exporting never sits on a request's or a task's path.
    spanProcessors: [new BatchSpanProcessor(exporter)],
  });
  // The AsyncLocalStorage context manager and the W3C trace-context propagator.
  provider.register();
  return provider;
}

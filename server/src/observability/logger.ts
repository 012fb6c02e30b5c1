import pino, { type DestinationStream, type Logger } from 'pino';
import { traceLogFields } from './tracing.js';

/**
 * Where a secret could sit in an object logged by mistake: credentials by name, and request
 * or response headers that carry them. pino's paths do not recurse, so the usual nestings are
 * listed (top level, one level down, and under headers).
 */
const SECRET_KEYS = ['token', 'password', 'currentPassword', 'newPassword', 'secret', 'apiKey', 'authorization', 'cookie', 'set-cookie', 'HIVE_AGENT_TOKEN', 'ANTHROPIC_API_KEY', 'HIVE_ADMIN_PASSWORD'];
const REDACT = SECRET_KEYS.flatMap((k) => {
  const key = /^[A-Za-z_$][\w$]*$/.test(k) ? k : `["${k}"]`;
  const dotted = key.startsWith('[') ? key : `.${key}`;
  return [key, `*${dotted}`, `headers${dotted}`, `*.headers${dotted}`];
});

/**
 * JSON logs (pino). Secrets never reach them: request bodies and headers are not logged, and
 * the paths above are redacted should an object carrying them be logged by mistake. While a
 * trace span is active its trace and span ids are added, so a log line leads to its trace.
 */
export function createLogger(level = process.env.HIVE_LOG_LEVEL ?? 'info', destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'hive-hub', pid: process.pid },
      redact: { paths: REDACT, censor: '[redacted]' },
      mixin: traceLogFields,
    },
    destination,
  );
}

export type { Logger };

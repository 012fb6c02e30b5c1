import pino, { type Logger } from 'pino';

/**
 * JSON logs (pino). Secrets never reach them: request bodies and headers are not logged, and
 * these paths are redacted should an object carrying them be logged by mistake.
 */
export function createLogger(level = process.env.HIVE_LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    base: { service: 'hive-hub', pid: process.pid },
    redact: {
      paths: ['token', '*.token', 'password', '*.password', 'authorization', '*.authorization', 'cookie', '*.cookie', 'HIVE_AGENT_TOKEN', '*.HIVE_AGENT_TOKEN', 'ANTHROPIC_API_KEY', '*.ANTHROPIC_API_KEY'],
      censor: '[redacted]',
    },
  });
}

export type { Logger };

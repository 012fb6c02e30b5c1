/**
 * The environment for anything the agent runs (commands, git). The worker holds secrets
 * the model must never read back: its hub token and, with the real provider, the API key.
 * A model that can run `env` would otherwise print them into a tool result, and from
 * there into logs and the dashboard.
 */
const SECRET_VARIABLES = ['HIVE_AGENT_TOKEN', 'ANTHROPIC_API_KEY', 'ANTHROPIC_AUTH_TOKEN'];

export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  for (const name of SECRET_VARIABLES) delete env[name];
  return env;
}

/**
 * What cannot run here (no registry: compose pulls postgres/redis, the hub image starts FROM
 * node:20-bookworm-slim) is checked by structure: docker/compose.yaml parsed as YAML, the
 * Dockerfiles parsed into stages and instructions, and the Docker runtime's environment
 * settings, which compose sets, parsed by the same code the hub uses.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseDockerRuntimeEnv, parseWarmPool } from '../docker/config.js';

const repo = (path: string) => fileURLToPath(new URL(`../../../../${path}`, import.meta.url));

interface Instruction {
  keyword: string;
  args: string;
}
interface Stage {
  from: string;
  name: string | undefined;
  instructions: Instruction[];
}

/** Instructions with line continuations joined and comments dropped, grouped by FROM. */
function parseDockerfile(text: string): { args: Instruction[]; stages: Stage[] } {
  const joined = text.replace(/\\\r?\n/g, ' ');
  const args: Instruction[] = [];
  const stages: Stage[] = [];
  for (const raw of joined.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const [keyword, ...rest] = line.split(/\s+/);
    const instruction = { keyword: keyword!.toUpperCase(), args: rest.join(' ') };
    if (instruction.keyword === 'FROM') {
      const [from, as, name] = rest;
      stages.push({ from: from!, name: as?.toUpperCase() === 'AS' ? name : undefined, instructions: [] });
    } else if (stages.length === 0) {
      args.push(instruction);
    } else {
      stages.at(-1)!.instructions.push(instruction);
    }
  }
  return { args, stages };
}

const find = (stage: Stage, keyword: string) => stage.instructions.filter((i) => i.keyword === keyword);

/** Compose's `${VAR:-default}` / `${VAR:?error}` / `${VAR}` with nothing set: defaults, a placeholder, empty. */
function interpolate(value: unknown): string {
  return String(value).replace(/\$\{([A-Z0-9_]+)(?::?([-?])([^}]*))?\}/g, (_, _name, kind, rest) => (kind === '-' ? rest : kind === '?' ? 'placeholder' : ''));
}

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string };
  environment?: Record<string, unknown>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  volumes?: Array<string | { type: string; source: string; target: string }>;
  networks?: string[];
  profiles?: string[];
  ports?: string[];
  user?: string;
  read_only?: boolean;
  cap_drop?: string[];
  security_opt?: string[];
}

describe('docker/compose.yaml', async () => {
  const compose = parse(await readFile(repo('docker/compose.yaml'), 'utf8')) as {
    services: Record<string, ComposeService>;
    networks: Record<string, { internal?: boolean; name?: string }>;
    volumes: Record<string, unknown>;
  };
  const { services } = compose;
  const env = (service: string) => Object.fromEntries(Object.entries(services[service]!.environment ?? {}).map(([k, v]) => [k, interpolate(v)]));
  const mounts = (service: string) => (services[service]!.volumes ?? []).map((v) => (typeof v === 'string' ? v : `${v.source}:${v.target}`));

  it('has the hub, Postgres with pgvector, Redis, the socket proxy and the agent template', () => {
    expect(Object.keys(services).sort()).toEqual(['agent', 'docker-proxy', 'hub', 'postgres', 'redis']);
    expect(services.postgres!.image).toBe('pgvector/pgvector:pg16');
    expect(services.redis!.image).toMatch(/^redis:7/);
    expect(services.hub!.build).toEqual({ context: '..', dockerfile: 'docker/hub.Dockerfile' });
    expect(services.agent!.image).toMatch(/^hive-agent:/);
    expect(services.agent!.profiles).toEqual(['manual']);
  });

  it('gives every long-running service a healthcheck, and starts the hub once its stores are healthy', () => {
    expect(services.postgres!.healthcheck!.test.join(' ')).toContain('pg_isready');
    expect(services.redis!.healthcheck!.test).toEqual(['CMD', 'redis-cli', 'ping']);
    expect(services.hub!.healthcheck!.test.join(' ')).toContain('/api/v1/system/ready');
    expect(services.agent!.healthcheck!.test).toEqual(['CMD', '/usr/bin/node', '/app/healthcheck.mjs']);
    expect(services.hub!.depends_on).toMatchObject({ postgres: { condition: 'service_healthy' }, redis: { condition: 'service_healthy' } });
  });

  it('points the hub at Postgres, Redis and the Docker runtime, with settings the Docker runtime accepts', () => {
    const hub = env('hub');
    expect(hub.DATABASE_URL).toMatch(/^postgres:\/\/hive:[^@]+@postgres:5432\/hive$/);
    expect(hub.REDIS_URL).toBe('redis://redis:6379');
    expect(hub.HIVE_RUNTIME).toBe('docker');
    expect(hub.HIVE_HUB_URL).toBe('http://hub:3000');
    const config = parseDockerRuntimeEnv(hub);
    expect(config.driver).toMatchObject({ host: 'tcp://docker-proxy:2375', network: compose.networks.agents!.name, workspace: 'bind' });
    expect(config.warmPool).toEqual({ backend: 2 });
    expect(services.hub!.ports).toEqual(['${HIVE_PORT:-3000}:3000']);
  });

  it('keeps state in volumes, and the hub data dir at the same path on the host and in the hub', () => {
    expect(mounts('postgres')).toEqual(['postgres-data:/var/lib/postgresql/data']);
    expect(mounts('redis')).toEqual(['redis-data:/data']);
    expect(Object.keys(compose.volumes)).toEqual(expect.arrayContaining(['postgres-data', 'redis-data']));
    const [hubData] = services.hub!.volumes as Array<{ type: string; source: string; target: string }>;
    expect(hubData!.type).toBe('bind');
    expect(interpolate(hubData!.source)).toBe('/var/lib/hive');
    expect(hubData!.target).toBe(hubData!.source);
    expect(env('hub').HIVE_DATA_DIR).toBe('/var/lib/hive');
  });

  it('keeps agents away from the database, Redis and the Docker socket', () => {
    expect(compose.networks.backend!.internal).toBe(true);
    expect(services.postgres!.networks).toEqual(['backend']);
    expect(services.redis!.networks).toEqual(['backend']);
    expect(services.agent!.networks).toEqual(['agents']);
    expect(Object.keys(env('agent'))).not.toEqual(expect.arrayContaining(['DATABASE_URL']));
    expect(Object.keys(env('agent')).filter((k) => /DATABASE|REDIS|POSTGRES/.test(k))).toEqual([]);
    for (const [name, service] of Object.entries(services)) {
      const socket = (service.volumes ?? []).map((v) => (typeof v === 'string' ? v : v.source)).filter((v) => v.includes('docker.sock'));
      if (name === 'docker-proxy') expect(socket).toEqual(['/var/run/docker.sock:/var/run/docker.sock:ro']);
      else expect(socket, name).toEqual([]);
    }
    expect(compose.networks['docker-api']!.internal).toBe(true);
    expect(services['docker-proxy']!.networks).toEqual(['docker-api']);
  });

  it('runs the hub and the agent template hardened', () => {
    for (const name of ['hub', 'agent']) {
      expect(services[name]!.read_only, name).toBe(true);
      expect(services[name]!.cap_drop, name).toEqual(['ALL']);
      expect(services[name]!.security_opt, name).toEqual(['no-new-privileges:true']);
    }
    expect(services.agent!.user).toBe('10001:10001');
  });
});

describe('Dockerfiles', () => {
  it('builds the hub in stages on node:20-bookworm-slim, ending unprivileged with production dependencies only', async () => {
    const { args, stages } = parseDockerfile(await readFile(repo('docker/hub.Dockerfile'), 'utf8'));
    expect(args).toContainEqual({ keyword: 'ARG', args: 'NODE_IMAGE=node:20-bookworm-slim' });
    expect(stages.map((s) => s.name)).toEqual(['deps', 'build', 'runtime']);
    expect(stages.map((s) => s.from)).toEqual(['${NODE_IMAGE}', 'deps', '${NODE_IMAGE}']);
    const [deps, build, runtime] = stages as [Stage, Stage, Stage];
    expect(find(deps, 'RUN').map((i) => i.args).join(' ')).toContain('npm ci');
    expect(find(build, 'RUN').map((i) => i.args).join(' ')).toMatch(/npm run build:web .*npm prune --omit=dev/);
    // The final stage takes built artifacts from the build stage, never the whole context or npm's dev tree.
    const copies = find(runtime, 'COPY').map((i) => i.args);
    expect(copies.every((c) => c.startsWith('--from=build '))).toBe(true);
    expect(copies.join('\n')).toContain('/app/web/dist');
    expect(find(runtime, 'RUN').map((i) => i.args).join(' ')).not.toMatch(/npm (ci|install)/);
    expect(find(runtime, 'USER').map((i) => i.args)).toEqual(['10001:10001']);
    expect(find(runtime, 'HEALTHCHECK')[0]?.args).toContain('/api/v1/system/ready');
    expect(find(runtime, 'EXPOSE').map((i) => i.args)).toEqual(['3000']);
    expect(find(runtime, 'CMD')[0]?.args).toBe('["node", "--import", "tsx", "server/src/main.ts"]');
  });

  it('keeps dependencies, local data and tests out of the hub build context', async () => {
    const ignored = (await readFile(repo('docker/hub.Dockerfile.dockerignore'), 'utf8')).split('\n').map((l) => l.trim());
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', '.git', '.hive', 'web/dist', '**/__tests__']));
  });

  it('builds the agent and sandbox images FROM scratch, unprivileged, with the agent healthchecked', async () => {
    for (const file of ['docker/agent.Dockerfile', 'docker/sandbox.Dockerfile']) {
      const { stages } = parseDockerfile(await readFile(repo(file), 'utf8'));
      expect(stages.map((s) => s.from), file).toEqual(['scratch']);
      expect(find(stages[0]!, 'USER').map((i) => i.args), file).toEqual(['10001:10001']);
      expect(find(stages[0]!, 'WORKDIR').map((i) => i.args), file).toEqual(['/workspace']);
    }
    const { stages } = parseDockerfile(await readFile(repo('docker/agent.Dockerfile'), 'utf8'));
    expect(find(stages[0]!, 'HEALTHCHECK')[0]?.args).toContain('/app/healthcheck.mjs');
    expect(find(stages[0]!, 'CMD').map((i) => i.args)).toEqual(['["/app/agent.mjs"]']);
    // One output pipe, so Docker keeps the worker's lines in the order it wrote them.
    expect(find(stages[0]!, 'ENTRYPOINT')[0]?.args).toContain('2>&1');
  });
});

describe('Docker runtime settings', () => {
  it('parses the warm pool sizes per agent type', () => {
    expect(parseWarmPool('backend=2, qa=1')).toEqual({ backend: 2, qa: 1 });
    expect(parseWarmPool('')).toEqual({});
    expect(() => parseWarmPool('backend')).toThrow(/<agentType>=<count>/);
  });

  it('has defaults for a local Engine and names each bad variable', () => {
    expect(parseDockerRuntimeEnv({})).toEqual({
      driver: { image: 'hive-agent:dev', network: 'host', memoryBytes: 1024 ** 3, nanoCpus: 1e9, pidsLimit: 512, scope: 'hive' },
      warmPool: {},
    });
    expect(parseDockerRuntimeEnv({ HIVE_DOCKER_CPUS: '0.5', HIVE_DOCKER_MEMORY_MB: '512', HIVE_DOCKER_HOST: 'tcp://10.0.0.2:2375' }).driver).toMatchObject({
      nanoCpus: 5e8,
      memoryBytes: 512 * 1024 ** 2,
      host: 'tcp://10.0.0.2:2375',
    });
    expect(() => parseDockerRuntimeEnv({ HIVE_DOCKER_HOST: 'docker:2375', HIVE_WARM_POOL: 'x' })).toThrow(/HIVE_DOCKER_HOST[\s\S]*HIVE_WARM_POOL/);
  });
});

/**
 * A dockerode client for one Docker Engine: the local socket, a remote host over TCP
 * (`tcp://host:2375`, or `tcp://host:2376` / `https://…` with TLS client certificates), or
 * over SSH (`ssh://user@host[:port]`: dockerode runs `docker system dial-stdio` on the host,
 * authenticating with the ssh-agent at SSH_AUTH_SOCK; not exercised by the tests, which have
 * no SSH server).
 */
import Docker from 'dockerode';

export interface DockerConnection {
  /** Unix socket of a local engine. Default: DOCKER_HOST when set, else /var/run/docker.sock. */
  socketPath?: string;
  /** `unix:///path`, `tcp://host:port`, `http://host:port`, `https://host:port` or `ssh://user@host[:port]`. */
  host?: string;
  /** Client certificates for a TLS endpoint (PEM). */
  tls?: { ca?: string | Buffer; cert?: string | Buffer; key?: string | Buffer };
}

export const DEFAULT_DOCKER_SOCKET = '/var/run/docker.sock';

export function connectDocker(connection: DockerConnection = {}): Docker {
  const { socketPath, host, tls } = connection;
  if (host) {
    const url = new URL(host);
    if (url.protocol === 'unix:') return new Docker({ socketPath: url.pathname });
    if (url.protocol === 'ssh:') {
      return new Docker({
        protocol: 'ssh',
        host: url.hostname,
        port: Number(url.port || 22),
        username: decodeURIComponent(url.username),
        sshOptions: { agent: process.env.SSH_AUTH_SOCK },
      });
    }
    const secure = url.protocol === 'https:' || (url.protocol === 'tcp:' && tls !== undefined);
    if (!['tcp:', 'http:', 'https:'].includes(url.protocol)) throw new Error(`docker host ${host}: use unix://, tcp://, http://, https:// or ssh://`);
    return new Docker({
      host: url.hostname,
      port: Number(url.port || (secure ? 2376 : 2375)),
      protocol: secure ? 'https' : 'http',
      ...(tls && { ca: tls.ca, cert: tls.cert, key: tls.key }),
    });
  }
  if (socketPath) return new Docker({ socketPath });
  // dockerode reads DOCKER_HOST (and DOCKER_TLS_VERIFY / DOCKER_CERT_PATH) itself.
  return process.env.DOCKER_HOST ? new Docker() : new Docker({ socketPath: DEFAULT_DOCKER_SOCKET });
}

/** A human-readable name for the engine, for health details and logs. */
export function describeConnection(connection: DockerConnection = {}): string {
  return connection.host ?? connection.socketPath ?? process.env.DOCKER_HOST ?? DEFAULT_DOCKER_SOCKET;
}

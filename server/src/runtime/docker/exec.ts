/** `docker exec` in a container, collecting its exit code and output (for debugging and the warm pool's claim). */
import type Docker from 'dockerode';
import { envList } from './container-spec.js';
import { demuxStreams } from './log-frames.js';

export interface ExecResult {
  /** Null when the command was still running at the timeout. */
  exitCode: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

const MAX_OUTPUT_BYTES = 4 * 1024 * 1024;

export async function execIn(
  container: Docker.Container,
  cmd: string[],
  options: { user?: string; env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<ExecResult> {
  const exec = await container.exec({
    Cmd: cmd,
    AttachStdout: true,
    AttachStderr: true,
    AttachStdin: false,
    Tty: false,
    ...(options.user && { User: options.user }),
    // The exec's own environment: not shown by `docker inspect` of the container.
    ...(options.env && { Env: envList(options.env) }),
  });
  const stream = await exec.start({ hijack: true, stdin: false });
  const chunks: Buffer[] = [];
  let size = 0;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = await new Promise<boolean>((resolve) => {
    stream.on('data', (chunk: Buffer) => {
      if (size < MAX_OUTPUT_BYTES) chunks.push(chunk);
      size += chunk.length;
    });
    stream.on('end', () => resolve(false));
    stream.on('close', () => resolve(false));
    stream.on('error', () => resolve(false));
    timer = setTimeout(() => resolve(true), options.timeoutMs ?? 30_000);
  });
  clearTimeout(timer);
  if (timedOut) (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
  const { stdout, stderr } = demuxStreams(Buffer.concat(chunks));
  // The exit code is set a moment after the output ends.
  let exitCode: number | null = null;
  for (let i = 0; i < 50 && !timedOut; i++) {
    const info = await exec.inspect();
    if (!info.Running) {
      exitCode = info.ExitCode ?? null;
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return { exitCode, stdout: stdout.toString('utf8'), stderr: stderr.toString('utf8'), timedOut };
}

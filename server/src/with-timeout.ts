/**
 * `work`, or a rejection with `message` once `ms` have passed, whichever comes first. The work
 * itself is not cancelled: this bounds how long a caller waits on a dependency that hangs.
 */
export function withTimeout<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([work, timedOut]).finally(() => clearTimeout(timer));
}

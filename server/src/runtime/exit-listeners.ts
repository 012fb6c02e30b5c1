import type { ExitInfo } from './port.js';

/** The onExit listeners of a RuntimeDriver: one failing listener never stops the others. */
export class ExitListeners {
  private readonly listeners = new Set<(info: ExitInfo) => void>();

  add(listener: (info: ExitInfo) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  emit(info: ExitInfo): void {
    for (const listener of this.listeners) {
      try {
        listener(info);
      } catch (err) {
        console.error('runtime: exit listener failed', err);
      }
    }
  }

  clear(): void {
    this.listeners.clear();
  }
}

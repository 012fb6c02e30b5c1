/**
 * Chromium's `beforeinstallprompt` fires once, early — possibly before any element is
 * on the page — so it is captured here at startup and handed out on demand.
 */

/** Not yet in TypeScript's DOM library. */
interface BeforeInstallPromptEvent extends Event {
  prompt(): Promise<void>;
  readonly userChoice: Promise<{ outcome: 'accepted' | 'dismissed'; platform: string }>;
}

export const installPrompt = new EventTarget();
let deferred: BeforeInstallPromptEvent | null = null;

export function captureInstallPrompt(): void {
  window.addEventListener('beforeinstallprompt', (event) => {
    // Keep the browser's mini-infobar away; the top bar offers "Install app" instead.
    event.preventDefault();
    deferred = event as BeforeInstallPromptEvent;
    installPrompt.dispatchEvent(new Event('change'));
  });
  window.addEventListener('appinstalled', () => {
    deferred = null;
    installPrompt.dispatchEvent(new Event('change'));
  });
}

export function canInstall(): boolean {
  return deferred !== null;
}

/** Shows the browser's install dialog; the event can be used only once. */
export async function promptInstall(): Promise<void> {
  const event = deferred;
  if (!event) return;
  deferred = null;
  installPrompt.dispatchEvent(new Event('change'));
  await event.prompt();
  await event.userChoice;
}

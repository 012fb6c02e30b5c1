/**
 * The colour theme of this device: follow the system, or always light, or always dark.
 * The choice is kept in localStorage (it is about this screen, not the account) and
 * shown as `data-theme="light|dark"` on <html>, which theme.css keys its tokens on.
 *
 * index.html carries a copy of `resolve()` as an inline script, so the saved theme is
 * applied before the first paint instead of flashing the other one while the app loads.
 */
export type ThemeChoice = 'system' | 'light' | 'dark';

export const THEME_CHOICES: readonly ThemeChoice[] = ['system', 'light', 'dark'];

/** Keep in step with the inline script in index.html. */
const STORAGE_KEY = 'hive.theme';
const DARK_QUERY = '(prefers-color-scheme: dark)';

/** The browser's toolbar colour for each theme (the manifest's and index.html's colours). */
const THEME_COLORS = { light: '#f7f5f0', dark: '#1c1917' } as const;

export function readThemeChoice(): ThemeChoice {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    return saved === 'light' || saved === 'dark' ? saved : 'system';
  } catch {
    return 'system';
  }
}

/** Saves the choice for this device and applies it at once. */
export function chooseTheme(choice: ThemeChoice): void {
  try {
    if (choice === 'system') localStorage.removeItem(STORAGE_KEY);
    else localStorage.setItem(STORAGE_KEY, choice);
  } catch {
    // Storage disabled: the theme still changes for this visit.
  }
  applyTheme();
}

/** At startup: apply the saved theme and, while it is "system", follow the system's changes. */
export function followSystemTheme(): void {
  applyTheme();
  window.matchMedia(DARK_QUERY).addEventListener('change', () => applyTheme());
  // Another tab changed the choice.
  window.addEventListener('storage', (event) => {
    if (event.key === STORAGE_KEY || event.key === null) applyTheme();
  });
}

function resolve(choice: ThemeChoice): 'light' | 'dark' {
  if (choice !== 'system') return choice;
  return window.matchMedia(DARK_QUERY).matches ? 'dark' : 'light';
}

function applyTheme(): void {
  const theme = resolve(readThemeChoice());
  document.documentElement.dataset['theme'] = theme;
  for (const meta of document.querySelectorAll<HTMLMetaElement>('meta[name="theme-color"]')) {
    meta.content = THEME_COLORS[theme];
  }
}

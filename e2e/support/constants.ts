/** The hub the suite starts (see playwright.config.ts) and the admin it bootstraps. */
export const PORT = 3199;
export const BASE_URL = `http://127.0.0.1:${PORT}`;
export const ADMIN_USERNAME = 'admin';
export const ADMIN_PASSWORD = 'e2e-admin-password';

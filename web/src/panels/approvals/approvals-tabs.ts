import { type TemplateResult, css, html } from 'lit';

/** The Approvals section's pages, as links: the inbox and the history (with the allow-rules). */
const TABS = [
  { href: '/approvals', label: 'Inbox' },
  { href: '/approvals/history', label: 'History' },
] as const;

export type ApprovalsTab = (typeof TABS)[number]['href'];

/** Real links (the router turns them into navigations), the current one marked for screen readers. */
export function renderApprovalsTabs(current: ApprovalsTab): TemplateResult {
  return html`<nav class="tabs" aria-label="Approvals">
    ${TABS.map((tab) => html`<a href=${tab.href} aria-current=${tab.href === current ? 'page' : 'false'}>${tab.label}</a>`)}
  </nav>`;
}

export const approvalsTabsStyles = css`
  nav.tabs {
    display: flex;
    gap: 0.25rem;
    margin-bottom: 1rem;
    border-bottom: 1px solid var(--hive-border);
  }
  nav.tabs a {
    display: inline-flex;
    align-items: center;
    min-height: var(--hive-touch);
    min-width: var(--hive-touch);
    padding: 0 1rem;
    color: var(--hive-text-muted);
    font-weight: 600;
    text-decoration: none;
    border-bottom: 3px solid transparent;
    margin-bottom: -1px;
  }
  nav.tabs a:hover {
    color: var(--hive-text);
  }
  nav.tabs a[aria-current='page'] {
    color: var(--hive-text);
    border-bottom-color: var(--hive-brand);
  }
  nav.tabs a:focus-visible {
    outline: 3px solid var(--hive-focus);
    outline-offset: -3px;
  }
`;

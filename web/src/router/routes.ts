import { html, type TemplateResult } from 'lit';
import type { IconName } from '../components/hive-icon.js';
import type { AppLocation } from '../controllers/router-controller.js';
import type { UpcomingFeature } from '../panels/coming-soon/hive-coming-soon-panel.js';

/**
 * The app's pages. Each panel is a separate chunk, fetched the first time its route is
 * visited (`load`), so the first paint only pays for the shell.
 */
export interface AppRoute {
  path: string;
  label: string;
  icon: IconName;
  load: () => Promise<unknown>;
  render: (location: AppLocation) => TemplateResult;
  /** Also the route of the pages under it (`/approvals/<id>`); `render` reads the rest of the path. */
  nested?: boolean;
}

/** Context has a placeholder panel until it is built. */
function comingSoon(feature: UpcomingFeature): Pick<AppRoute, 'load' | 'render'> {
  return {
    load: () => import('../panels/coming-soon/hive-coming-soon-panel.js'),
    render: () => html`<hive-coming-soon-panel .feature=${feature}></hive-coming-soon-panel>`,
  };
}

export const APP_ROUTES: readonly AppRoute[] = [
  {
    path: '/',
    label: 'Overview',
    icon: 'overview',
    load: () => import('../panels/overview/hive-overview-panel.js'),
    render: () => html`<hive-overview-panel></hive-overview-panel>`,
  },
  {
    path: '/agents',
    label: 'Agents',
    icon: 'agents',
    // The fleet and each agent's page (/agents/<id>) share one chunk and one nav item.
    nested: true,
    load: () => import('../panels/agents/index.js'),
    render: (location) =>
      location.path === '/agents'
        ? html`<hive-agents-panel .query=${location.query}></hive-agents-panel>`
        : html`<hive-agent-page agent-id=${location.path.slice('/agents/'.length)}></hive-agent-page>`,
  },
  {
    path: '/tasks',
    label: 'Tasks',
    icon: 'tasks',
    // The board and each task's page (/tasks/<id>) share one chunk and one nav item.
    nested: true,
    load: () => import('../panels/tasks/index.js'),
    render: (location) =>
      location.path === '/tasks'
        ? html`<hive-tasks-panel .query=${location.query}></hive-tasks-panel>`
        : html`<hive-task-page task-id=${location.path.slice('/tasks/'.length)}></hive-task-page>`,
  },
  {
    path: '/cluster',
    label: 'Cluster',
    icon: 'cluster',
    load: () => import('../panels/cluster/hive-cluster-panel.js'),
    render: () => html`<hive-cluster-panel></hive-cluster-panel>`,
  },
  {
    // The inbox, the history (/approvals/history) and each proposal's page (/approvals/<id>)
    // share one chunk and one nav item.
    path: '/approvals',
    label: 'Approvals',
    icon: 'approvals',
    nested: true,
    load: () => import('../panels/approvals/index.js'),
    render: (location) =>
      location.path === '/approvals'
        ? html`<hive-approvals-panel .query=${location.query}></hive-approvals-panel>`
        : location.path === '/approvals/history'
          ? html`<hive-approvals-history-panel .query=${location.query}></hive-approvals-history-panel>`
          : html`<hive-proposal-panel proposal-id=${location.path.slice('/approvals/'.length)}></hive-proposal-panel>`,
  },
  { path: '/context', label: 'Context', icon: 'context', ...comingSoon('context') },
  {
    path: '/events',
    label: 'Events',
    icon: 'events',
    load: () => import('../panels/events/hive-events-panel.js'),
    render: (location) => html`<hive-events-panel .query=${location.query}></hive-events-panel>`,
  },
  {
    path: '/settings',
    label: 'Settings',
    icon: 'settings',
    load: () => import('../panels/settings/hive-settings-panel.js'),
    render: () => html`<hive-settings-panel></hive-settings-panel>`,
  },
];

export const NOT_FOUND_ROUTE: AppRoute = {
  path: '*',
  label: 'Page not found',
  icon: 'alert',
  load: () => import('../panels/not-found/hive-not-found-panel.js'),
  render: (location) => html`<hive-not-found-panel path=${location.path}></hive-not-found-panel>`,
};

export function matchRoute(path: string): AppRoute {
  return (
    APP_ROUTES.find((route) => route.path === path || (route.nested === true && path.startsWith(`${route.path}/`))) ??
    NOT_FOUND_ROUTE
  );
}

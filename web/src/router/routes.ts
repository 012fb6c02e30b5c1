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
}

/** Cluster, Approvals, Context and Events share one placeholder panel until they are built. */
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
    load: () => import('../panels/agents/hive-agents-panel.js'),
    render: (location) => html`<hive-agents-panel .query=${location.query}></hive-agents-panel>`,
  },
  {
    path: '/tasks',
    label: 'Tasks',
    icon: 'tasks',
    load: () => import('../panels/tasks/hive-tasks-panel.js'),
    render: (location) => html`<hive-tasks-panel .query=${location.query}></hive-tasks-panel>`,
  },
  { path: '/cluster', label: 'Cluster', icon: 'cluster', ...comingSoon('cluster') },
  { path: '/approvals', label: 'Approvals', icon: 'approvals', ...comingSoon('approvals') },
  { path: '/context', label: 'Context', icon: 'context', ...comingSoon('context') },
  { path: '/events', label: 'Events', icon: 'events', ...comingSoon('events') },
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
  return APP_ROUTES.find((route) => route.path === path) ?? NOT_FOUND_ROUTE;
}

import { html, type TemplateResult } from 'lit';
import type { IconName } from '../components/hive-icon.js';
import type { AppLocation } from '../controllers/router-controller.js';

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
  {
    path: '/cluster',
    label: 'Cluster',
    icon: 'cluster',
    load: () => import('../panels/cluster/hive-cluster-panel.js'),
    render: () => html`<hive-cluster-panel></hive-cluster-panel>`,
  },
  {
    path: '/approvals',
    label: 'Approvals',
    icon: 'approvals',
    load: () => import('../panels/approvals/hive-approvals-panel.js'),
    render: () => html`<hive-approvals-panel></hive-approvals-panel>`,
  },
  {
    path: '/context',
    label: 'Context',
    icon: 'context',
    load: () => import('../panels/context/hive-context-panel.js'),
    render: () => html`<hive-context-panel></hive-context-panel>`,
  },
  {
    path: '/events',
    label: 'Events',
    icon: 'events',
    load: () => import('../panels/events/hive-events-panel.js'),
    render: () => html`<hive-events-panel></hive-events-panel>`,
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
  return APP_ROUTES.find((route) => route.path === path) ?? NOT_FOUND_ROUTE;
}

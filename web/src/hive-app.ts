import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { keyed } from 'lit/directives/keyed.js';
import { Task } from '@lit/task';
import type { Me } from './api/types.js';
import type { NavItem } from './components/hive-nav.js';
import { ApprovalsCountController } from './controllers/approvals-count-controller.js';
import { MediaQueryController } from './controllers/media-query-controller.js';
import { OnlineStatusController } from './controllers/online-status-controller.js';
import { PwaController } from './controllers/pwa-controller.js';
import { RouterController } from './controllers/router-controller.js';
import { APP_ROUTES, matchRoute } from './router/routes.js';
import { AuthController } from './state/auth-controller.js';
import { LiveSessionController } from './state/live-session-controller.js';
import { buttonStyles } from './styles/shared-styles.js';
import './components/hive-alert.js';
import './components/hive-drawer.js';
import './components/hive-error-state.js';
import './components/hive-icon.js';
import './components/hive-loading.js';
import './components/hive-logo.js';
import './components/hive-nav.js';
import './components/hive-top-bar.js';

const NAV_ITEMS: readonly NavItem[] = APP_ROUTES.map(({ path, label, icon }) => ({ href: path, label, icon }));

/** Below this width the sidebar folds into a drawer behind the top bar's menu button. */
const NARROW_QUERY = '(max-width: 767px)';

/** The page shown when nobody is signed in; a panel like the others, loaded on demand. */
const LOGIN_PANEL_KEY = 'login';
const loadLoginPanel = () => import('./panels/login/hive-login-panel.js');

/**
 * The application root: decides between sign-in and the shell (top bar, navigation,
 * current panel), owns the session (AuthController, provided as context), the route,
 * and the app-level notices (offline, update ready).
 */
@customElement('hive-app')
export class HiveApp extends LitElement {
  static override styles = [
    buttonStyles,
    css`
      :host {
        display: block;
        min-height: 100vh;
        min-height: 100dvh;
      }
      .center {
        display: grid;
        place-items: center;
        min-height: 100vh;
        min-height: 100dvh;
        padding: 1rem;
      }
      .unreachable {
        display: grid;
        justify-items: center;
        gap: 1rem;
        max-width: 28rem;
        text-align: center;
      }
      .unreachable h1 {
        margin: 0;
        font-size: 1.375rem;
      }
      .unreachable p {
        margin: 0;
        color: var(--hive-text-muted);
      }
      .skip-link {
        position: absolute;
        left: 0.5rem;
        top: -100px;
        z-index: 100;
        padding: 0.75rem 1rem;
        background: var(--hive-surface);
        color: var(--hive-text);
        border-radius: var(--hive-radius-small);
      }
      .skip-link:focus {
        top: 0.5rem;
        outline: 3px solid var(--hive-focus);
      }
      hive-top-bar {
        position: sticky;
        top: 0;
        z-index: 10;
      }
      .body {
        display: grid;
        grid-template-columns: var(--hive-sidebar-width) minmax(0, 1fr);
      }
      :host([narrow]) .body {
        grid-template-columns: minmax(0, 1fr);
      }
      .body {
        min-height: calc(100vh - var(--hive-topbar-height));
      }
      /* The column runs the full height of the page; the nav inside stays in view. */
      .sidebar {
        background: var(--hive-surface);
        border-right: 1px solid var(--hive-border);
      }
      .sidebar hive-nav {
        position: sticky;
        top: var(--hive-topbar-height);
        max-height: calc(100vh - var(--hive-topbar-height));
        overflow-y: auto;
      }
      main {
        width: 100%;
        max-width: 1200px;
        padding: 1.5rem;
        padding-bottom: max(1.5rem, env(safe-area-inset-bottom));
      }
      :host([narrow]) main {
        padding: 1rem;
        padding-bottom: max(1rem, env(safe-area-inset-bottom));
      }
      main:focus {
        outline: none;
      }
      .notices {
        display: grid;
        gap: 0.5rem;
        margin-bottom: 1rem;
      }
      .notices:empty {
        display: none;
      }
    `,
  ];

  private readonly auth = new AuthController(this);
  private readonly router = new RouterController(this);
  private readonly narrow = new MediaQueryController(this, NARROW_QUERY);
  private readonly pwa = new PwaController(this);
  private readonly connectivity = new OnlineStatusController(this);
  /** The live connection (socket and shared live collections) of whoever is signed in. */
  private readonly live = new LiveSessionController(this, () => this.auth.state);
  /** The badge on "Approvals": proposals waiting for a person. */
  private readonly approvals = new ApprovalsCountController(this, () => {
    const auth = this.auth.state;
    return auth.status === 'signed-in' && !auth.offline;
  });

  @state() private drawerOpen = false;
  @query('main') private main?: HTMLElement;

  /** Panels whose module has loaded; they render at once on later visits. */
  private readonly loadedPanels = new Set<string>();
  private previousPath: string | null = null;
  private focusMainAfterRender = false;
  /**
   * Bumped each time the connection comes back; the current panel is keyed on it, so it
   * is rebuilt and loads fresh data instead of keeping the errors it hit while offline.
   */
  private reconnects = 0;
  private wasOnline = true;

  private readonly panelLoader = new Task(this, {
    task: async ([key]: readonly [string | null]) => {
      if (key === null) return;
      await (key === LOGIN_PANEL_KEY ? loadLoginPanel() : matchRoute(key).load());
      this.loadedPanels.add(key);
    },
    args: () => [this.panelKey()] as const,
  });

  override willUpdate(): void {
    const narrow = this.narrow.matches;
    this.toggleAttribute('narrow', narrow);
    const { path, navigated } = this.router.location;
    if (!narrow) this.drawerOpen = false;
    if (path !== this.previousPath) {
      this.previousPath = path;
      this.drawerOpen = false;
      this.focusMainAfterRender = navigated;
    }
    const auth = this.auth.state;
    document.title = auth.status === 'signed-in' ? `${matchRoute(path).label} · Hive` : 'Hive';
    const online = this.connectivity.online && !(auth.status === 'signed-in' && auth.offline);
    if (online && !this.wasOnline) this.reconnects += 1;
    this.wasOnline = online;
  }

  override updated(): void {
    // After a navigation, start keyboard and screen-reader users at the new content.
    if (this.focusMainAfterRender && this.main) {
      this.focusMainAfterRender = false;
      this.main.focus();
    }
  }

  override render() {
    const auth = this.auth.state;
    switch (auth.status) {
      case 'checking':
        return html`<div class="center"><hive-loading label="Connecting to Hive…"></hive-loading></div>`;
      case 'unreachable':
        return this.renderUnreachable(auth.message);
      case 'signed-out':
        return html`<div class="center">
          ${this.renderPanel(
            LOGIN_PANEL_KEY,
            () => html`<hive-login-panel .notice=${auth.notice ?? ''} @hive-signed-in=${this.onSignedIn}></hive-login-panel>`,
          )}
        </div>`;
      case 'signed-in':
        return this.renderShell(auth.me, auth.offline);
    }
  }

  private renderShell(me: Me, offline: boolean): TemplateResult {
    const here = this.router.location;
    const route = matchRoute(here.path);
    const narrow = this.narrow.matches;
    return html`<a class="skip-link" href="#main" @click=${this.skipToMain}>Skip to content</a>
      <hive-top-bar
        .username=${me.user.username}
        .userRole=${me.user.role}
        ?installable=${this.pwa.installable}
        ?compact=${narrow}
        @hive-menu-open=${() => (this.drawerOpen = true)}
        @hive-install=${() => void this.pwa.install()}
        @hive-sign-out-request=${() => void this.auth.signOut()}
      ></hive-top-bar>
      <div class="body">
        ${narrow
          ? nothing
          : html`<div class="sidebar"><hive-nav .items=${this.navItems()} current-path=${route.path}></hive-nav></div>`}
        <main id="main" tabindex="-1" @hive-session-ended=${this.onSessionEnded}>
          <div class="notices">${this.renderNotices(me, offline)}</div>
          ${keyed(this.reconnects, this.renderPanel(route.path, () => route.render(here)))}
        </main>
      </div>
      ${narrow
        ? html`<hive-drawer
            ?open=${this.drawerOpen}
            label="Menu"
            @hive-drawer-close=${() => (this.drawerOpen = false)}
            @click=${this.onDrawerClick}
          >
            <hive-nav .items=${this.navItems()} current-path=${route.path} label="Main menu"></hive-nav>
          </hive-drawer>`
        : nothing}`;
  }

  private renderNotices(me: Me, offline: boolean) {
    const notices: TemplateResult[] = [];
    if (offline || !this.connectivity.online) {
      notices.push(html`<hive-alert tone="warning" icon="offline">
        ${offline
          ? `Hive can't reach the hub. You are seeing the app offline as ${me.user.username}; data loads when the connection returns.`
          : 'You are offline. Data will load again when the connection returns.'}
        ${offline
          ? html`<button slot="actions" type="button" @click=${() => void this.auth.check()}>Try again</button>`
          : nothing}
      </hive-alert>`);
    }
    if (this.pwa.updateWaiting) {
      notices.push(html`<hive-alert tone="info" icon="refresh">
        A new version of Hive is ready.
        <button slot="actions" type="button" class="primary" @click=${() => void this.pwa.update()}>Reload</button>
      </hive-alert>`);
    }
    return notices;
  }

  /** A lazily loaded panel: the spinner only shows the first time its module is fetched. */
  private renderPanel(key: string, template: () => TemplateResult): unknown {
    if (this.loadedPanels.has(key)) return template();
    return this.panelLoader.render({
      pending: () => html`<hive-loading label="Loading…"></hive-loading>`,
      complete: () => template(),
      error: (error) =>
        html`<hive-error-state heading="This page could not be loaded" .error=${error} @hive-retry=${() => location.reload()}></hive-error-state>`,
    });
  }

  private renderUnreachable(message: string): TemplateResult {
    return html`<div class="center">
      <div class="unreachable">
        <hive-logo with-name></hive-logo>
        <h1>Can't reach the Hive hub</h1>
        <p role="alert">${message}</p>
        <button type="button" class="primary" @click=${() => void this.auth.check()}>
          <hive-icon name="refresh"></hive-icon>Try again
        </button>
      </div>
    </div>`;
  }

  /** The navigation, with the count of proposals waiting beside "Approvals". */
  private navItems(): readonly NavItem[] {
    const waiting = this.approvals.count;
    return NAV_ITEMS.map((item) => (item.href === '/approvals' ? { ...item, badge: waiting, badgeLabel: 'waiting' } : item));
  }

  private panelKey(): string | null {
    const auth = this.auth.state;
    if (auth.status === 'signed-out') return LOGIN_PANEL_KEY;
    if (auth.status === 'signed-in') return matchRoute(this.router.location.path).path;
    return null;
  }

  private readonly onSignedIn = (event: CustomEvent<Me>): void => {
    this.auth.signedIn(event.detail);
  };

  /** Any link in the drawer closes it, including the one to the page already shown. */
  private readonly onDrawerClick = (event: MouseEvent): void => {
    if (event.composedPath().some((node) => node instanceof HTMLAnchorElement)) this.drawerOpen = false;
  };

  private readonly onSessionEnded = (event: CustomEvent<{ notice: string }>): void => {
    this.auth.sessionEnded(event.detail.notice);
  };

  /** In-page anchors cannot reach into a shadow root, so the skip link moves focus itself. */
  private skipToMain(event: Event): void {
    event.preventDefault();
    this.main?.focus();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'hive-app': HiveApp;
  }
}

import { LitElement, type PropertyValues, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import type { DiffStat } from '../api/types.js';
import { type DiffFile, type DiffLine, splitRows } from '../format/diff-model.js';
import { escapeHtml, highlightLines, languageFor } from '../format/highlight.js';
import { DIFF_CHANGE_LABELS } from '../format/proposal-labels.js';
import { buttonStyles, focusStyles, visuallyHiddenStyles } from '../styles/shared-styles.js';

export type DiffLayout = 'split' | 'unified';

/** The reader's choice of layout, per device. */
const LAYOUT_KEY = 'hive.diffLayout';
/** Below this width two columns of code are unreadable: side by side falls back to unified. */
const SPLIT_MIN_WIDTH = 700;
/** Past this many lines in all, the rest is shown uncoloured: thousands of spans cost more than they help. */
const MAX_COLOURED_LINES = 5000;
/** Files longer than this start folded, so one huge file does not bury the others. */
const FOLD_LINES = 400;

function readLayout(): DiffLayout {
  try {
    return localStorage.getItem(LAYOUT_KEY) === 'unified' ? 'unified' : 'split';
  } catch {
    return 'split';
  }
}

/**
 * A diff as files of hunks, side by side or unified (a toggle, remembered per device;
 * side by side needs ~700 px and falls back to unified below), with line numbers, +/−
 * markers and syntax colouring by file extension. Each file has a header with its change
 * and +/− counts (from the hub's `diffStat` when given) and folds. Source text is only
 * ever inserted escaped: highlight.js escapes what it wraps, the fallback escapes here.
 */
@customElement('hive-diff-view')
export class HiveDiffView extends LitElement {
  static override styles = [
    buttonStyles,
    focusStyles,
    visuallyHiddenStyles,
    css`
      :host {
        display: grid;
        gap: 0.75rem;
        min-width: 0;
      }
      .toolbar {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        justify-content: space-between;
        gap: 0.5rem 1rem;
      }
      .summary {
        margin: 0;
        color: var(--hive-text-muted);
      }
      .layout {
        display: inline-flex;
      }
      .layout button {
        border-radius: 0;
      }
      .layout button:first-child {
        border-radius: var(--hive-radius-small) 0 0 var(--hive-radius-small);
      }
      .layout button:last-child {
        border-radius: 0 var(--hive-radius-small) var(--hive-radius-small) 0;
        margin-left: -1px;
      }
      .layout button[aria-pressed='true'] {
        background: var(--hive-tone-info-bg);
        color: var(--hive-tone-info-fg);
        border-color: var(--hive-tone-info-fg);
      }
      .note {
        margin: 0;
        font-size: 0.875rem;
        color: var(--hive-text-muted);
      }
      details {
        border: 1px solid var(--hive-border);
        border-radius: var(--hive-radius-small);
        background: var(--hive-surface);
        min-width: 0;
      }
      summary {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.25rem 0.75rem;
        min-height: var(--hive-touch);
        padding: 0.25rem 0.75rem;
        background: var(--hive-surface-raised);
        border-radius: var(--hive-radius-small);
        cursor: pointer;
        list-style: none;
      }
      summary::-webkit-details-marker {
        display: none;
      }
      summary::before {
        content: '▸';
        color: var(--hive-text-muted);
      }
      details[open] > summary::before {
        content: '▾';
      }
      details[open] > summary {
        border-bottom: 1px solid var(--hive-border);
        border-radius: var(--hive-radius-small) var(--hive-radius-small) 0 0;
      }
      .path {
        flex: 1 1 12rem;
        min-width: 0;
        font-family: var(--hive-mono);
        font-size: 0.875rem;
        font-weight: 600;
        overflow-wrap: anywhere;
      }
      .change {
        font-size: 0.8125rem;
        color: var(--hive-text-muted);
      }
      .counts {
        font-family: var(--hive-mono);
        font-size: 0.8125rem;
        font-weight: 700;
        white-space: nowrap;
      }
      .plus {
        color: var(--hive-tone-success-fg);
      }
      .minus {
        color: var(--hive-tone-danger-fg);
        margin-left: 0.375rem;
      }
      .body {
        overflow-x: auto;
        max-height: 75vh;
        overflow-y: auto;
      }
      .empty {
        margin: 0;
        padding: 0.75rem;
        color: var(--hive-text-muted);
      }
      table {
        border-collapse: collapse;
        width: 100%;
        font-family: var(--hive-mono);
        font-size: 0.8125rem;
        line-height: 1.5;
        tab-size: 4;
      }
      table.split {
        table-layout: fixed;
      }
      td {
        padding: 0 0.5rem;
        vertical-align: top;
      }
      td.num {
        width: 1%;
        min-width: 2.5rem;
        text-align: right;
        color: var(--hive-text-muted);
        user-select: none;
        white-space: nowrap;
      }
      table.split col.num-col {
        width: 3.5rem;
      }
      td.code {
        white-space: pre;
      }
      /* Side by side, and anything on a narrow screen, wraps long lines rather than scroll. */
      table.split td.code,
      table.wrap td.code {
        white-space: pre-wrap;
        overflow-wrap: anywhere;
      }
      .sign {
        display: inline-block;
        width: 1ch;
        margin-right: 0.5ch;
        user-select: none;
      }
      tr.hunk td {
        padding: 0.125rem 0.5rem;
        background: var(--hive-tone-info-bg);
        color: var(--hive-tone-info-fg);
        white-space: pre-wrap;
        overflow-wrap: anywhere;
      }
      .add {
        background: var(--hive-tone-success-bg);
      }
      .del {
        background: var(--hive-tone-danger-bg);
      }
      td.blank {
        background: var(--hive-surface-raised);
      }
      .eol {
        color: var(--hive-text-muted);
        font-style: italic;
      }
      table.split td.num.right {
        border-left: 1px solid var(--hive-border);
      }
      /* Syntax colours from the theme's tones, so they follow light and dark. */
      .hljs-keyword,
      .hljs-selector-tag,
      .hljs-built_in,
      .hljs-doctag,
      .hljs-meta .hljs-keyword {
        color: var(--hive-tone-info-fg);
        font-weight: 600;
      }
      .hljs-string,
      .hljs-regexp,
      .hljs-addition,
      .hljs-meta .hljs-string {
        color: var(--hive-tone-success-fg);
      }
      .hljs-number,
      .hljs-literal,
      .hljs-symbol,
      .hljs-bullet,
      .hljs-variable.constant_ {
        color: var(--hive-tone-warning-fg);
      }
      .hljs-title,
      .hljs-section,
      .hljs-name,
      .hljs-selector-id,
      .hljs-selector-class {
        color: var(--hive-link);
        font-weight: 600;
      }
      .hljs-attr,
      .hljs-attribute,
      .hljs-property,
      .hljs-type,
      .hljs-params {
        color: var(--hive-tone-info-fg);
      }
      .hljs-comment,
      .hljs-quote,
      .hljs-meta {
        color: var(--hive-text-muted);
        font-style: italic;
      }
      .hljs-deletion {
        color: var(--hive-tone-danger-fg);
      }
      .hljs-emphasis {
        font-style: italic;
      }
      .hljs-strong {
        font-weight: 700;
      }
    `,
  ];

  @property({ attribute: false }) files: readonly DiffFile[] = [];
  /** The hub's per-file counts; the parsed ones are used for files it does not list. */
  @property({ attribute: false }) stat: DiffStat | null = null;
  /** Names the diff for screen readers, e.g. "Changes to the repository hive". */
  @property() label = 'Changes';
  /** What each part is: files of a patch, or the one document of a prompt or config change. */
  @property() noun = 'file';

  @state() private layout: DiffLayout = readLayout();
  @state() private narrow = false;
  /** Files folded or unfolded by the reader (by path), over the default. */
  @state() private folded = new Map<string, boolean>();

  private resizeObserver: ResizeObserver | null = null;
  /** HTML of each line, computed once per files list. */
  private rendered = new WeakMap<DiffLine, string>();
  private renderedFiles: readonly DiffFile[] | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    this.resizeObserver = new ResizeObserver((entries) => {
      const width = entries[0]?.contentRect.width ?? 0;
      const narrow = width > 0 && width < SPLIT_MIN_WIDTH;
      if (narrow !== this.narrow) this.narrow = narrow;
    });
    this.resizeObserver.observe(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizeObserver?.disconnect();
    this.resizeObserver = null;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // Colouring is the costly part: only a new files list is coloured again. Callers that
    // refresh (the proposal page polls) hand over the same array while the content is the same.
    if (changed.has('files') && this.renderedFiles !== this.files) {
      this.renderedFiles = this.files;
      this.rendered = colourFiles(this.files);
    }
  }

  override render() {
    const effective: DiffLayout = this.narrow ? 'unified' : this.layout;
    const added = this.files.reduce((sum, file) => sum + this.counts(file).added, 0);
    const removed = this.files.reduce((sum, file) => sum + this.counts(file).removed, 0);
    return html`<div class="toolbar">
        <p class="summary">
          ${this.files.length} ${this.files.length === 1 ? this.noun : `${this.noun}s`} changed ·
          <span class="plus">+${added}</span><span class="minus">−${removed}</span>
          <span class="visually-hidden">(${added} lines added, ${removed} removed)</span>
        </p>
        <div class="layout" role="group" aria-label="Diff layout">
          <button
            type="button"
            aria-pressed=${effective === 'split' ? 'true' : 'false'}
            ?disabled=${this.narrow}
            @click=${() => this.choose('split')}
          >
            Side by side
          </button>
          <button type="button" aria-pressed=${effective === 'unified' ? 'true' : 'false'} @click=${() => this.choose('unified')}>Unified</button>
        </div>
      </div>
      ${this.narrow && this.layout === 'split' ? html`<p class="note">Side by side needs a wider screen; showing the unified diff.</p>` : nothing}
      ${repeat(
        this.files,
        (file, index) => `${index}:${file.path}`,
        (file) => this.renderFile(file, effective),
      )}`;
  }

  private choose(layout: DiffLayout): void {
    this.layout = layout;
    try {
      localStorage.setItem(LAYOUT_KEY, layout);
    } catch {
      // Private mode: the choice lasts for this page only.
    }
  }

  private counts(file: DiffFile): { added: number; removed: number } {
    const stat = this.stat?.files.find((entry) => entry.path === file.path);
    return stat ? { added: stat.added, removed: stat.removed } : { added: file.added, removed: file.removed };
  }

  private isOpen(file: DiffFile): boolean {
    const lines = file.hunks.reduce((sum, hunk) => sum + hunk.lines.length, 0);
    return this.folded.get(file.path) ?? lines <= FOLD_LINES;
  }

  private renderFile(file: DiffFile, layout: DiffLayout) {
    const { added, removed } = this.counts(file);
    const open = this.isOpen(file);
    return html`<details ?open=${open} @toggle=${(event: Event) => this.onToggle(file, event)}>
      <summary>
        <span class="path">${file.oldPath ? html`${file.oldPath} → ` : nothing}${file.path}</span>
        <span class="change">${DIFF_CHANGE_LABELS[file.change]}</span>
        <span class="counts" aria-label="${added} added, ${removed} removed"><span class="plus">+${added}</span><span class="minus">−${removed}</span></span>
      </summary>
      ${open ? html`<div class="body" tabindex="0" role="region" aria-label="${this.label}: ${file.path}">${this.renderBody(file, layout)}</div>` : nothing}
    </details>`;
  }

  private onToggle(file: DiffFile, event: Event): void {
    const open = (event.currentTarget as HTMLDetailsElement).open;
    if (open === this.isOpen(file)) return;
    this.folded = new Map(this.folded).set(file.path, open);
  }

  private renderBody(file: DiffFile, layout: DiffLayout) {
    if (file.change === 'binary') return html`<p class="empty">Binary file: no text to show.</p>`;
    if (file.hunks.length === 0) {
      return html`<p class="empty">${file.change === 'renamed' ? 'Renamed without changes to its content.' : 'No changes to its lines.'}</p>`;
    }
    return layout === 'split' ? this.renderSplit(file) : this.renderUnified(file);
  }

  private code(line: DiffLine) {
    return html`${unsafeHTML(this.rendered.get(line) ?? escapeHtml(line.text))}${line.noNewline
      ? html` <span class="eol">(no newline at end of file)</span>`
      : nothing}`;
  }

  private renderUnified(file: DiffFile) {
    return html`<table class="unified ${this.narrow ? 'wrap' : ''}">
      <thead class="visually-hidden">
        <tr><th scope="col">Old line</th><th scope="col">New line</th><th scope="col">Change</th></tr>
      </thead>
      ${file.hunks.map(
        (hunk) => html`<tbody>
          <tr class="hunk"><td colspan="3">${hunk.header}</td></tr>
          ${hunk.lines.map(
            (line) => html`<tr class=${CLASS[line.kind]}>
              <td class="num">${line.oldNo ?? ''}</td>
              <td class="num">${line.newNo ?? ''}</td>
              <td class="code"><span class="sign">${SIGN[line.kind]}</span>${this.code(line)}</td>
            </tr>`,
          )}
        </tbody>`,
      )}
    </table>`;
  }

  private renderSplit(file: DiffFile) {
    const side = (line: DiffLine | null, number: number | null, which: 'left' | 'right') =>
      line
        ? html`<td class="num ${which} ${CLASS[line.kind]}">${number ?? ''}</td>
            <td class="code ${CLASS[line.kind]}"><span class="sign">${SIGN[line.kind]}</span>${this.code(line)}</td>`
        : html`<td class="num ${which} blank"></td>
            <td class="code blank"></td>`;
    // Fixed layout takes column widths from the first row, a hunk header spanning all four.
    return html`<table class="split">
      <colgroup>
        <col class="num-col" />
        <col />
        <col class="num-col" />
        <col />
      </colgroup>
      <!-- Out of the layout (visually hidden), so the widths still come from the colgroup. -->
      <thead class="visually-hidden">
        <tr><th scope="col">Old line</th><th scope="col">Before</th><th scope="col">New line</th><th scope="col">After</th></tr>
      </thead>
      ${file.hunks.map(
        (hunk) => html`<tbody>
          <tr class="hunk"><td colspan="4">${hunk.header}</td></tr>
          ${splitRows(hunk.lines).map(
            (row) => html`<tr>${side(row.left, row.left?.oldNo ?? null, 'left')}${side(row.right, row.right?.newNo ?? null, 'right')}</tr>`,
          )}
        </tbody>`,
      )}
    </table>`;
  }
}

const CLASS: Record<DiffLine['kind'], string> = { context: '', add: 'add', del: 'del' };
/** A real minus sign for removals reads better than a hyphen and is announced as "minus". */
const SIGN: Record<DiffLine['kind'], string> = { context: ' ', add: '+', del: '−' };

/**
 * The HTML of every line: each hunk's old side (context and removed lines) and new side
 * (context and added lines) are coloured as two runs of source, so constructs spanning
 * lines keep their colour. Past MAX_COLOURED_LINES the rest is escaped only.
 */
function colourFiles(files: readonly DiffFile[]): WeakMap<DiffLine, string> {
  const result = new WeakMap<DiffLine, string>();
  let budget = MAX_COLOURED_LINES;
  for (const file of files) {
    const total = file.hunks.reduce((sum, hunk) => sum + hunk.lines.length, 0);
    const language = budget >= total ? languageFor(file.path) : null;
    budget -= total;
    for (const hunk of file.hunks) {
      // Context lines are coloured twice; the new side's colouring is the one kept.
      for (const side of [hunk.lines.filter((line) => line.kind !== 'add'), hunk.lines.filter((line) => line.kind !== 'del')]) {
        const coloured = highlightLines(
          side.map((line) => line.text),
          language,
        );
        side.forEach((line, index) => result.set(line, coloured[index]!));
      }
    }
  }
  return result;
}

declare global {
  interface HTMLElementTagNameMap {
    'hive-diff-view': HiveDiffView;
  }
}

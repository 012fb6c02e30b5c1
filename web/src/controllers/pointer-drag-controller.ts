import type { ReactiveController, ReactiveControllerHost } from 'lit';

export interface PointerDragCallbacks {
  /** The pointer moved while dragging `id` (client coordinates). */
  move(id: string, x: number, y: number): void;
  /** Released over (x, y). */
  drop(id: string, x: number, y: number): void;
  /** Given up (Escape, the browser took the pointer over). */
  cancel(id: string): void;
}

/** Movement before a press becomes a drag, so taps and clicks stay what they are. */
const DRAG_THRESHOLD_PX = 6;
/** Near this distance from the scroller's edge, it scrolls by itself. */
const EDGE_PX = 48;
const EDGE_SPEED_PX = 14;

interface Pending {
  id: string;
  label: string;
  pointerId: number;
  startX: number;
  startY: number;
}

/**
 * Drag and drop with Pointer Events, so mouse, pen and touch all work (the HTML drag and
 * drop API does not on touch screens). The host starts it from a `pointerdown`; this
 * controller tells a press from a drag, shows a label following the pointer, scrolls the
 * scroller when the pointer nears its edges, cancels on Escape, and swallows the click
 * that ends a drag. Where to drop, and what that means, is the host's business.
 */
export class PointerDragController implements ReactiveController {
  /** The id being dragged, once the pointer has moved far enough. */
  dragging: string | null = null;
  private pending: Pending | null = null;
  private ghost: HTMLElement | null = null;
  private last = { x: 0, y: 0 };
  private frame = 0;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly callbacks: PointerDragCallbacks,
    private readonly scroller: () => HTMLElement | null,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.end();
  }

  /** From the host's `pointerdown` on something draggable. */
  press(event: PointerEvent, id: string, label: string): void {
    if (event.pointerType === 'mouse' && event.button !== 0) return;
    this.end();
    this.pending = { id, label, pointerId: event.pointerId, startX: event.clientX, startY: event.clientY };
    window.addEventListener('pointermove', this.onMove);
    window.addEventListener('pointerup', this.onUp);
    window.addEventListener('pointercancel', this.onCancel);
    window.addEventListener('keydown', this.onKey);
  }

  private readonly onMove = (event: PointerEvent): void => {
    const pending = this.pending;
    if (!pending || event.pointerId !== pending.pointerId) return;
    this.last = { x: event.clientX, y: event.clientY };
    if (this.dragging === null) {
      if (Math.hypot(event.clientX - pending.startX, event.clientY - pending.startY) < DRAG_THRESHOLD_PX) return;
      this.begin(pending);
    }
    event.preventDefault();
    this.place();
    this.callbacks.move(pending.id, event.clientX, event.clientY);
  };

  private readonly onUp = (event: PointerEvent): void => {
    const pending = this.pending;
    if (!pending || event.pointerId !== pending.pointerId) return;
    const dragged = this.dragging;
    this.end();
    if (dragged === null) return;
    // The click that follows the release is not a click on whatever lies under it.
    window.addEventListener('click', swallowClick, { capture: true, once: true });
    window.setTimeout(() => window.removeEventListener('click', swallowClick, { capture: true }), 0);
    this.callbacks.drop(dragged, event.clientX, event.clientY);
  };

  private readonly onCancel = (event: PointerEvent): void => {
    if (this.pending && event.pointerId === this.pending.pointerId) this.abort();
  };

  private readonly onKey = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape' || this.dragging === null) return;
    event.preventDefault();
    this.abort();
  };

  private begin(pending: Pending): void {
    this.dragging = pending.id;
    const ghost = document.createElement('div');
    ghost.textContent = pending.label;
    ghost.setAttribute('aria-hidden', 'true');
    Object.assign(ghost.style, {
      position: 'fixed',
      zIndex: '1000',
      pointerEvents: 'none',
      maxWidth: '16rem',
      padding: '0.5rem 0.75rem',
      borderRadius: 'var(--hive-radius-small)',
      background: 'var(--hive-surface)',
      color: 'var(--hive-text)',
      border: '2px solid var(--hive-brand)',
      boxShadow: 'var(--hive-shadow)',
      font: '600 0.875rem var(--hive-font)',
      whiteSpace: 'nowrap',
      overflow: 'hidden',
      textOverflow: 'ellipsis',
    });
    document.body.append(ghost);
    document.body.style.userSelect = 'none';
    this.ghost = ghost;
    this.frame = requestAnimationFrame(this.autoScroll);
    this.host.requestUpdate();
  }

  private place(): void {
    if (this.ghost) this.ghost.style.transform = `translate(${this.last.x + 12}px, ${this.last.y + 12}px)`;
  }

  /** Scrolls the board sideways (and the page up and down) while the pointer rests near an edge. */
  private readonly autoScroll = (): void => {
    if (this.dragging === null) return;
    const { x, y } = this.last;
    const scroller = this.scroller();
    if (scroller) {
      const box = scroller.getBoundingClientRect();
      if (x < box.left + EDGE_PX) scroller.scrollLeft -= EDGE_SPEED_PX;
      else if (x > box.right - EDGE_PX) scroller.scrollLeft += EDGE_SPEED_PX;
    }
    if (y < EDGE_PX) window.scrollBy(0, -EDGE_SPEED_PX);
    else if (y > window.innerHeight - EDGE_PX) window.scrollBy(0, EDGE_SPEED_PX);
    this.frame = requestAnimationFrame(this.autoScroll);
  };

  private abort(): void {
    const dragged = this.dragging;
    this.end();
    if (dragged !== null) this.callbacks.cancel(dragged);
  }

  private end(): void {
    window.removeEventListener('pointermove', this.onMove);
    window.removeEventListener('pointerup', this.onUp);
    window.removeEventListener('pointercancel', this.onCancel);
    window.removeEventListener('keydown', this.onKey);
    cancelAnimationFrame(this.frame);
    this.ghost?.remove();
    this.ghost = null;
    if (this.dragging !== null) {
      document.body.style.userSelect = '';
      this.dragging = null;
      this.host.requestUpdate();
    }
    this.pending = null;
  }
}

function swallowClick(event: MouseEvent): void {
  event.preventDefault();
  event.stopPropagation();
}

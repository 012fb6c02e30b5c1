/**
 * Mounts a modal dialog element on <body>, waits for its answer and removes it whatever
 * happens: the one way confirmation, decision and priority dialogs are shown.
 */
export async function showModal<D extends HTMLElement & { ask(): Promise<unknown> }>(dialog: D): Promise<Awaited<ReturnType<D['ask']>>> {
  document.body.append(dialog);
  try {
    return (await dialog.ask()) as Awaited<ReturnType<D['ask']>>;
  } finally {
    dialog.remove();
  }
}

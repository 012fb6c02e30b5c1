import { apiRequest } from './client.js';
import type { CreateTaskInput, ProgressItem, Task, TaskListQuery, TaskPage } from './types.js';

/** One page of the list; kept for offline use, when it comes back stale (response-cache.ts). */
export function listTasks(query: Partial<TaskListQuery>, signal?: AbortSignal): Promise<TaskPage> {
  return apiRequest<TaskPage>('/tasks', { query, signal, offlineFallback: true });
}

export function createTask(input: CreateTaskInput): Promise<Task> {
  return apiRequest<Task>('/tasks', { method: 'POST', body: input });
}

export function fetchTask(id: string, signal?: AbortSignal): Promise<Task> {
  return apiRequest<Task>(`/tasks/${encodeURIComponent(id)}`, { signal });
}

export function cancelTask(id: string, reason?: string): Promise<Task> {
  return apiRequest<Task>(`/tasks/${encodeURIComponent(id)}/cancel`, { method: 'POST', body: reason ? { reason } : {} });
}

/** Sends a failed, cancelled or dead-lettered task back to the queue. */
export function retryTask(id: string): Promise<Task> {
  return apiRequest<Task>(`/tasks/${encodeURIComponent(id)}/retry`, { method: 'POST' });
}

export function setTaskPriority(id: string, priority: number): Promise<Task> {
  return apiRequest<Task>(`/tasks/${encodeURIComponent(id)}`, { method: 'PUT', body: { priority } });
}

/** The task's stored output (what its agent streamed), oldest first, after the line `after`. */
export async function fetchTaskOutput(id: string, after: number, limit: number, signal?: AbortSignal): Promise<ProgressItem[]> {
  const page = await apiRequest<{ items: ProgressItem[] }>(`/tasks/${encodeURIComponent(id)}/output`, { query: { after, limit }, signal });
  return page.items;
}

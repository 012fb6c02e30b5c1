import { apiRequest } from './client.js';
import type { CreateTaskInput, Task, TaskListQuery, TaskPage } from './types.js';

export function listTasks(query: Partial<TaskListQuery>, signal?: AbortSignal): Promise<TaskPage> {
  return apiRequest<TaskPage>('/tasks', { query, signal });
}

export function createTask(input: CreateTaskInput): Promise<Task> {
  return apiRequest<Task>('/tasks', { method: 'POST', body: input });
}

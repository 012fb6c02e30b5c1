/** The offline model's closing text: what it did, what went wrong, what it skipped. */
import type { StepResult } from './conversation.js';
import type { Plan } from './plan.js';

export const OFFLINE_LABEL = 'Offline model:';

export function finalReport(title: string, plan: Plan, results: ReadonlyArray<StepResult | undefined>): string {
  const lines = plan.steps.map((step, i) => `- ${step.label}: ${outcome(results[i])}`);
  const failed = results.filter((r) => r?.isError).length;
  const summary = `${OFFLINE_LABEL} ${plan.failure ? 'stopped' : 'finished'} "${title}" after ${plan.steps.length} tool call${plan.steps.length === 1 ? '' : 's'} (${failed} failed). This is a deterministic demonstration, not real work.`;
  const parts = [summary];
  if (lines.length > 0) parts.push(lines.join('\n'));
  if (plan.skipped.length > 0) parts.push(`Skipped, because the tools they need are not offered:\n${plan.skipped.map((s) => `- ${s}`).join('\n')}`);
  const report = parts.join('\n\n');
  // The agent loop recognises a failed task by this prefix; the label follows on the next line.
  return plan.failure ? `FAILED: ${plan.failure}\n\n${report}` : report;
}

export function progressText(index: number, plan: Plan): string {
  return `${OFFLINE_LABEL} step ${index + 1} of ${plan.steps.length}: ${plan.steps[index]!.label}`;
}

function outcome(result: StepResult | undefined): string {
  if (!result) return 'no result';
  const firstLine = result.output.split('\n', 1)[0]!.slice(0, 120);
  return result.isError ? `failed (${firstLine})` : 'ok';
}

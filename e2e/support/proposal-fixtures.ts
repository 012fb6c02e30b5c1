/**
 * Proposals as the hub's contract (shared/schemas/proposals.ts) describes them, for the
 * specs that replay hub answers to reach states a test cannot easily produce for real
 * (a content hash changing under an open page, failed checks, conflicts).
 */

export const FIXTURE_IDS = {
  patch: '11111111-1111-4111-8111-111111111111',
  prompt: '22222222-2222-4222-8222-222222222222',
  failed: '33333333-3333-4333-8333-333333333333',
  agent: '44444444-4444-4444-8444-444444444444',
} as const;

const AT = '2026-05-01T10:00:00.000Z';

/** A proposal (with its detail fields) as JSON; loose, so a test can give any field any value. */
export type ProposalFixture = Record<string, unknown> & { id: string; title: string; state: string; content: string; contentHash: string };

export const PATCH_DIFF = `diff --git a/server/src/greeting.ts b/server/src/greeting.ts
index 3b18e51..a9c4b2f 100644
--- a/server/src/greeting.ts
+++ b/server/src/greeting.ts
@@ -1,9 +1,12 @@
 /**
  * Greets a person by name.
  */
-export function greet(name: string): string {
-  return 'Hello ' + name;
+export function greet(name: string, punctuation = '!'): string {
+  // Template literals escape nothing: the caller renders the result as text.
+  return \`Hello, \${name}\${punctuation}\`;
 }
 
 export const DEFAULT_NAME = "<world>";
+
+export const GREETINGS = ['Hello', 'Hi', 'Hey'] as const;
 // The end.
diff --git a/README.md b/README.md
index 1111111..2222222 100644
--- a/README.md
+++ b/README.md
@@ -3,3 +3,4 @@
 ## Usage
 
 Run \`npm start\`.
+Greetings now end with an exclamation mark by default.
diff --git a/hello.txt b/hello.txt
new file mode 100644
index 0000000..e965047
--- /dev/null
+++ b/hello.txt
@@ -0,0 +1 @@
+Hello
`;

const validation = (status: 'passed' | 'failed' | 'running') => ({
  status,
  runner: 'process',
  isolation: ['no network (unshare -n)', 'read-only root except the worktree', 'memory 512 MiB', 'CPU 1', '64 processes', 'timeout 120 s'],
  command: 'npm test',
  exitCode: status === 'running' ? null : status === 'passed' ? 0 : 1,
  timedOut: false,
  output:
    status === 'failed'
      ? '> npm test\n\nFAIL src/greeting.test.ts\n  ✕ greets with punctuation (4 ms)\n\nTests: 1 failed, 12 passed\n'
      : '> npm test\n\n ✓ src/greeting.test.ts (13 tests) 41ms\n\nTest Files  1 passed (1)\n     Tests  13 passed (13)\n',
  durationMs: status === 'running' ? null : 8421,
  startedAt: AT,
  finishedAt: status === 'running' ? null : '2026-05-01T10:00:08.421Z',
});

export function patchProposal(overrides: Record<string, unknown> = {}): ProposalFixture {
  return {
    id: FIXTURE_IDS.patch,
    kind: 'code_patch',
    title: 'Greet with punctuation',
    rationale: 'Greetings read flat without punctuation.\nThis adds an optional punctuation argument and a list of greetings.',
    state: 'awaiting_approval',
    stateReason: null,
    proposerAgentId: FIXTURE_IDS.agent,
    proposerUser: null,
    target: 'hive',
    baseRef: '9f2c1e0a7b3d4c5e6f708192a3b4c5d6e7f80912',
    content: PATCH_DIFF,
    contentHash: 'a'.repeat(64),
    riskLevel: 'medium',
    riskReasons: ['Changes 2 source files', 'Touches no tests'],
    diffStat: {
      files: [
        { path: 'server/src/greeting.ts', added: 5, removed: 2, change: 'modified' },
        { path: 'README.md', added: 1, removed: 0, change: 'modified' },
        { path: 'hello.txt', added: 1, removed: 0, change: 'added' },
      ],
      added: 7,
      removed: 2,
    },
    conflictsWith: [FIXTURE_IDS.prompt],
    validation: validation('passed'),
    application: null,
    createdAt: AT,
    updatedAt: AT,
    reviews: [],
    previousContent: null,
    ...overrides,
  };
}

export function promptProposal(overrides: Record<string, unknown> = {}): ProposalFixture {
  return {
    ...patchProposal(),
    id: FIXTURE_IDS.prompt,
    kind: 'prompt',
    title: 'Ask QA for a test plan first',
    rationale: 'QA starts testing before it knows what to test.',
    state: 'validating',
    target: 'qa',
    baseRef: '3',
    content: 'You are the QA agent.\nFirst write a short test plan.\nThen run the tests and report failures with steps.\n',
    previousContent: 'You are the QA agent.\nRun the tests and report failures.\n',
    contentHash: 'b'.repeat(64),
    riskLevel: 'low',
    riskReasons: [],
    diffStat: null,
    conflictsWith: [],
    validation: validation('running'),
    ...overrides,
  };
}

export function failedProposal(overrides: Record<string, unknown> = {}): ProposalFixture {
  return {
    ...patchProposal(),
    id: FIXTURE_IDS.failed,
    title: 'Shorter greetings',
    contentHash: 'c'.repeat(64),
    riskLevel: 'high',
    riskReasons: ['Checks failed'],
    conflictsWith: [],
    validation: validation('failed'),
    ...overrides,
  };
}

export const TRAIL = [
  { id: '55555555-5555-4555-8555-555555555551', actor: 'agent:greeter', action: 'proposal.propose', resource: 'self-modify', resourceId: FIXTURE_IDS.patch, details: { contentHash: 'a'.repeat(64) }, ip: null, createdAt: AT },
  { id: '55555555-5555-4555-8555-555555555552', actor: 'system', action: 'proposal.validate', resource: 'self-modify', resourceId: FIXTURE_IDS.patch, details: { status: 'passed' }, ip: null, createdAt: '2026-05-01T10:00:09.000Z' },
];

export const HISTORY = [
  { checkpointId: '66666666-6666-4666-8666-666666666661', proposalId: FIXTURE_IDS.patch, title: 'Greet with punctuation', kind: 'code_patch', target: 'hive', action: 'applied', automatic: false, gitCommit: 'd'.repeat(40), version: null, proposalState: 'applied', by: 'ana', reason: null, at: AT },
  { checkpointId: '66666666-6666-4666-8666-666666666662', proposalId: FIXTURE_IDS.failed, title: 'Shorter greetings', kind: 'code_patch', target: 'hive', action: 'rolled_back', automatic: true, gitCommit: 'e'.repeat(40), version: null, proposalState: 'rolled_back', by: 'system', reason: 'Health check failed: GET /health answered 500', at: AT },
  { checkpointId: '66666666-6666-4666-8666-666666666663', proposalId: FIXTURE_IDS.prompt, title: 'Ask QA for a test plan first', kind: 'prompt', target: 'qa', action: 'applied', automatic: false, gitCommit: null, version: 4, proposalState: 'rolled_back', by: 'ana', reason: null, at: AT },
];

export const RULES = [
  { id: '77777777-7777-4777-8777-777777777771', description: 'Small QA prompt tweaks by the meta agent', kind: 'prompt', target: 'qa', proposerType: 'meta', maxLines: 20, maxRisk: 'low', createdBy: 'admin', createdAt: AT, revokedAt: null, revokedBy: null },
];

/**
 * How a worker entry point becomes one self-contained ESM file: the agent image's /app/agent.mjs
 * (docker/image-build.ts) and the process runtime's cached bundle (agent-bundle-cache.ts) are
 * built by this one function, so both runtimes run the same code. A bundle starts in a fraction
 * of the time `node --import tsx` takes (no loader hooks, no per-file transform, one file read).
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** The agent worker's entry, relative to the repository root. */
export const AGENT_ENTRY = 'server/src/agent/main.ts';

export interface EntryBundle {
  /** The bundle's text. */
  text: string;
  /** Absolute paths of every file esbuild read to build it (sources and node_modules). */
  inputs: string[];
}

/**
 * Bundles one entry (an absolute path) with esbuild for Node 20, dependencies included, so it
 * runs with no node_modules beside it: in a FROM-scratch image, or from a cache directory.
 */
export async function bundleEntry(entry: string): Promise<EntryBundle> {
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [entry],
    absWorkingDir: REPO_ROOT,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    write: false,
    metafile: true,
    legalComments: 'none',
    logLevel: 'silent',
    // CommonJS dependencies call require(); an ESM bundle has none of its own.
    banner: { js: "import { createRequire as __hiveCreateRequire } from 'node:module'; const require = __hiveCreateRequire(import.meta.url);" },
  });
  // Metafile paths are relative to absWorkingDir; a few are namespaced (never for plain files).
  const inputs = Object.keys(result.metafile.inputs)
    .filter((path) => !path.includes(':'))
    .map((path) => resolve(REPO_ROOT, path));
  return { text: result.outputFiles[0]!.text, inputs };
}

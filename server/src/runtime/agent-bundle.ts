/**
 * How a worker entry point becomes self-contained ESM: the agent image's /app/agent.mjs
 * (docker/image-build.ts) and the process runtime's cached bundle (agent-bundle-cache.ts) are
 * built by this one function, so both runtimes run the same code. A bundle starts in a fraction
 * of the time `node --import tsx` takes (no loader hooks, no per-file transform, few file reads).
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** The agent worker's entry, relative to the repository root. */
export const AGENT_ENTRY = 'server/src/agent/main.ts';

/** Name of the entry's output file; chunks (when split) sit beside it. */
export const BUNDLE_MAIN = 'main.mjs';

export interface BundleFile {
  /** File name, relative to the bundle's directory. */
  name: string;
  text: string;
}

export interface EntryBundle {
  /** The entry's file (BUNDLE_MAIN) first, then the chunks it may import. */
  files: BundleFile[];
  /** Absolute paths of every file esbuild read to build it (sources and node_modules). */
  inputs: string[];
}

export interface BundleOptions {
  /**
   * Code reached only through `await import()` goes into chunks of its own, read only when
   * imported (an offline worker never reads the Anthropic SDK's). Without it, one file.
   */
  splitting?: boolean;
}

/** Never written: output paths are only made relative to it. */
const OUT_DIR = '/hive-bundle-out';

/**
 * Bundles one entry (an absolute path) with esbuild for Node 20, dependencies included, so it
 * runs with no node_modules beside it: in a FROM-scratch image, or from a cache directory.
 */
export async function bundleEntry(entry: string, options: BundleOptions = {}): Promise<EntryBundle> {
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: { main: entry },
    absWorkingDir: REPO_ROOT,
    bundle: true,
    splitting: options.splitting ?? false,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outdir: OUT_DIR,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunk-[hash]',
    write: false,
    metafile: true,
    legalComments: 'none',
    logLevel: 'silent',
    // CommonJS dependencies call require(); an ESM bundle has none of its own (one per file: chunks too).
    banner: { js: "import { createRequire as __hiveCreateRequire } from 'node:module'; const require = __hiveCreateRequire(import.meta.url);" },
  });
  const files = result.outputFiles
    .map((file) => ({ name: file.path.slice(OUT_DIR.length + 1), text: file.text }))
    .sort((a, b) => Number(b.name === BUNDLE_MAIN) - Number(a.name === BUNDLE_MAIN) || a.name.localeCompare(b.name));
  // Metafile paths are relative to absWorkingDir; a few are namespaced (never for plain files).
  const inputs = Object.keys(result.metafile.inputs)
    .filter((path) => !path.includes(':'))
    .map((path) => resolve(REPO_ROOT, path));
  return { files, inputs };
}

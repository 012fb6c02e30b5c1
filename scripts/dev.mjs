#!/usr/bin/env node
// `npm run dev`: the hub on :3000 restarting on change (tsx watch) and the Vite dev server
// with hot reload on :5173, which proxies /api and /socket.io to the hub.
import { spawn } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const children = [
  spawn('npx', ['tsx', 'watch', '--clear-screen=false', 'server/src/main.ts'], { cwd: root, stdio: 'inherit' }),
  spawn('npx', ['vite', '--config', 'web/vite.config.ts'], { cwd: root, stdio: 'inherit' }),
];
const stopAll = (signal) => children.forEach((c) => c.kill(signal));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => stopAll(signal));
for (const child of children) child.on('exit', (code) => { stopAll('SIGTERM'); process.exitCode = code ?? 0; });

# syntax=docker/dockerfile:1
# The hub image (API + Socket.IO + dashboard), for a machine that can pull from a registry:
#   docker build -f docker/hub.Dockerfile -t hive-hub:dev .
# (run from the repository root; docker/hub.Dockerfile.dockerignore keeps node_modules, .hive,
# .git and test output out of the context — BuildKit reads it; the legacy builder reads only a
# .dockerignore at the root). It cannot be built on machines without registry access (it
# starts FROM node:20-bookworm-slim); the agent and sandbox images are built FROM scratch by
# scripts/build-images.mjs instead.
#
# Stages: deps (npm ci, cached on the lock file) → build (the dashboard with Vite, then dev
# dependencies pruned) → runtime (slim Node, production node_modules, the TypeScript sources
# run through tsx, the built dashboard). Final image ≈ 200 MB base + ≈ 190 MB node_modules.
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund

FROM deps AS build
COPY . .
RUN npm run build:web \
 && npm prune --omit=dev --no-audit --no-fund

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    HIVE_DATA_DIR=/var/lib/hive \
    HIVE_WEB_DIST=/app/web/dist
# The hub runs as 10001, the same uid as agent workers, so the workspaces it creates for them
# (bind mode) need no chown. Its data directory is a volume.
RUN groupadd --gid 10001 hive \
 && useradd --uid 10001 --gid 10001 --home-dir /var/lib/hive --no-create-home --shell /usr/sbin/nologin hive \
 && install -d -o 10001 -g 10001 -m 0700 /var/lib/hive
WORKDIR /app
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/shared ./shared
COPY --from=build /app/server ./server
COPY --from=build /app/drizzle ./drizzle
COPY --from=build /app/web/dist ./web/dist
USER 10001:10001
VOLUME ["/var/lib/hive"]
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/api/v1/system/ready`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
STOPSIGNAL SIGTERM
CMD ["node", "--import", "tsx", "server/src/main.ts"]

# The agent worker image, hive-agent:dev. Built by `node scripts/build-images.mjs` from a
# context it prepares (no registry is needed, so nothing is pulled):
#   rootfs/     this machine's node binary + the shared libraries ldd lists + the dynamic
#               loader, /bin/sh (dash), git and basic file tools (the agent's run_command and
#               git tools need them), CA certificates, /etc/passwd with the hive user (10001)
#   app/        agent.mjs (server/src/agent/main.ts bundled by esbuild: no node_modules) and
#               healthcheck.mjs
#   workspace/  an empty directory, owned by the agent user in the image so a fresh named
#               volume mounted there is writable too
# /etc/hive-image.txt inside the image lists every file copied in.
FROM scratch
COPY rootfs/ /
COPY --chown=10001:10001 workspace/ /workspace/
COPY app/ /app/
ENV PATH=/usr/local/bin:/usr/bin:/bin \
    HOME=/tmp \
    LANG=C.UTF-8 \
    NODE_ENV=production \
    SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt \
    HIVE_WORKSPACE=/workspace \
    HIVE_LIVENESS_FILE=/tmp/hive-alive
USER 10001:10001
WORKDIR /workspace
# Healthy while the worker touches its liveness file from its event loop (identity.ts);
# parked workers (warm pool) touch it too while they wait for an identity.
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
  CMD ["/usr/bin/node", "/app/healthcheck.mjs"]
STOPSIGNAL SIGTERM
# stderr joins stdout (one pipe, like the process runtime's single log file): through two
# pipes, Docker may record lines written at nearly the same instant out of order. The shell
# execs node, so node is what docker-init signals.
ENTRYPOINT ["/bin/sh", "-c", "exec /usr/bin/node \"$@\" 2>&1", "node"]
CMD ["/app/agent.mjs"]

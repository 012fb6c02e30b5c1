# Test image hive-agent-fixture:dev: the agent image's scratch base running the runtime
# conformance fixture worker (fixtures/fixture-worker.mjs) behind the same identity hook the
# real worker uses, so the warm pool's parked mode is exercised too. Built by
# `node scripts/build-images.mjs agent-fixture` (the Docker runtime tests do it).
FROM scratch
COPY rootfs/ /
COPY --chown=10001:10001 workspace/ /workspace/
COPY app/ /app/
ENV PATH=/usr/local/bin:/usr/bin:/bin \
    HOME=/tmp \
    LANG=C.UTF-8 \
    HIVE_WORKSPACE=/workspace \
    HIVE_LIVENESS_FILE=/tmp/hive-alive
USER 10001:10001
WORKDIR /workspace
HEALTHCHECK --interval=5s --timeout=5s --start-period=10s --retries=3 \
  CMD ["/usr/bin/node", "/app/healthcheck.mjs"]
STOPSIGNAL SIGTERM
# stderr joins stdout (one pipe, like the process runtime's single log file): through two
# pipes, Docker may record lines written at nearly the same instant out of order. The shell
# execs node, so node is what docker-init signals.
ENTRYPOINT ["/bin/sh", "-c", "exec /usr/bin/node \"$@\" 2>&1", "node"]
CMD ["/app/fixture-entry.mjs"]

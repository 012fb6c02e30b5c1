# The validation sandbox image, hive-sandbox:dev: where a proposal's check command runs
# (DESIGN §4), with no network, a read-only root, no capabilities and limits set by whoever
# runs it. Built by `node scripts/build-images.mjs sandbox`, FROM scratch like the agent image:
#   node + npm (/usr/lib/node_modules/npm), /bin/sh (dash), git, and basic file tools
#   (cat, ls, grep, sed, find, diff, …) with their shared libraries; CA certificates;
#   /etc/passwd with the unprivileged user 10001. No package manager, no compiler, no curl.
# /etc/hive-image.txt inside the image lists every file copied in. The repository under
# test is mounted at /workspace.
FROM scratch
COPY rootfs/ /
COPY --chown=10001:10001 workspace/ /workspace/
ENV PATH=/usr/local/bin:/usr/bin:/bin \
    HOME=/tmp \
    LANG=C.UTF-8 \
    SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt \
    npm_config_cache=/tmp/.npm \
    npm_config_update_notifier=false
USER 10001:10001
WORKDIR /workspace
ENTRYPOINT ["/bin/sh", "-c"]
CMD ["node --version && git --version"]

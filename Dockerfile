# The agentspec sidecar image. Stage 1 builds `agentspec` in release mode with the
# Swift runtime linked statically; stage 2 is a slim Debian with only the binary, run
# as a non-root user. scripts/check_static_binary.sh runs the same build (it reads
# BUILD_FLAGS from this file) and checks the binary needs no Swift libraries.
#   docker build -t ghcr.io/agentspec/sidecar:0.1.0 .
ARG SWIFT_IMAGE=swift:6.3-bookworm
ARG RUNTIME_IMAGE=debian:bookworm-slim

FROM ${SWIFT_IMAGE} AS build
ARG BUILD_FLAGS="-c release --static-swift-stdlib --product agentspec"
# CSystemShims links zlib for bundles and decision logs (-lz: zlib1g-dev). libcurl is
# not linked: outbound HTTPS loads it at run time (SystemCalls/SystemCurl.swift).
RUN apt-get update \
 && apt-get install -y --no-install-recommends zlib1g-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# Package.swift names every target, so their folders must all be present.
COPY Package.swift ./
COPY Sources ./Sources
COPY Tests ./Tests
COPY benchmarks ./benchmarks
RUN swift build ${BUILD_FLAGS} \
 && install -D -m 0755 "$(swift build ${BUILD_FLAGS} --show-bin-path)/agentspec" /out/agentspec \
 && /out/agentspec --version

FROM ${RUNTIME_IMAGE}
# libcurl4 backs outbound HTTPS (loaded only when an https:// URL is used; without it
# such a request fails naming it); curl serves the HEALTHCHECK.
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates libcurl4 curl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --gid 65532 agentspec \
 && useradd --uid 65532 --gid 65532 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin agentspec
COPY --from=build /out/agentspec /usr/local/bin/agentspec
USER 65532:65532
ENV MANIFEST_PATH=/manifest/agent.yaml \
    PROXY_PORT=4000 \
    CONTROL_PLANE_PORT=4001
EXPOSE 4000 4001
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \
    CMD curl -fsS "http://127.0.0.1:${CONTROL_PLANE_PORT:-4001}/agentspec/health/live" >/dev/null || exit 1
ENTRYPOINT ["agentspec", "sidecar"]

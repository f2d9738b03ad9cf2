# Production image for the exercise-analgesia server.
#
#   docker build -t exercise-analgesia .
#   docker run --rm -p 8080:8080 -v analgesia-data:/data exercise-analgesia
#
# Configuration is read from the environment: HTTP_HOST, HTTP_PORT, DB_PATH (or DB_URL for
# PostgreSQL), LOG_LEVEL. CI proves the runtime stage without an engine (.ci/container.sh): it
# builds the binary with this file's flags, installs exactly the runtime packages listed below
# into a debootstrapped Debian bookworm root and runs the binary there as uid 10001.

# ================================
# Build image
# ================================
FROM swift:6.3-bookworm AS build

# GRDB links the system SQLite, so the headers are needed to build.
# hadolint ignore=DL3008
RUN export DEBIAN_FRONTEND=noninteractive DEBCONF_NONINTERACTIVE_SEEN=true \
    && apt-get -q update \
    && apt-get -q install -y --no-install-recommends libsqlite3-dev \
    && rm -rf /var/lib/apt/lists/*

# Set up a build area
WORKDIR /build

# First just resolve dependencies.
# This creates a cached layer that can be reused
# as long as your Package.swift/Package.resolved
# files do not change.
COPY ./Package.* ./
RUN if [ -f ./Package.resolved ]; then \
        swift package resolve --force-resolved-versions; \
    else \
        swift package resolve; \
    fi

# Copy the rest of the build context (see .dockerignore).
COPY . .

# Build the server with optimizations and the Swift runtime linked statically.
# Skip the manifest cache so that the manifest is always evaluated against the sources copied
# above, not against the context of the dependency-resolution layer.
RUN swift build -c release \
        --static-swift-stdlib \
        --manifest-cache none \
        --product exercise-analgesia

# Switch to the staging area
WORKDIR /staging

# Copy main executable to staging area
RUN cp "$(swift build --package-path /build -c release --show-bin-path)/exercise-analgesia" ./

# Copy static swift backtracer binary to staging area (if the toolchain ships one)
RUN if [ -f /usr/libexec/swift/linux/swift-backtrace-static ]; then \
        cp /usr/libexec/swift/linux/swift-backtrace-static ./; \
    fi

# Copy resources bundled by SwiftPM to staging area. Everything is embedded in the binary
# today, so this normally finds nothing.
RUN find -L "$(swift build --package-path /build -c release --show-bin-path)/" \
        -regex '.*\.resources$' -exec cp -Ra {} ./ \;

# ================================
# Run image
# ================================
FROM debian:bookworm-slim

ARG IMAGE_SOURCE=""

LABEL org.opencontainers.image.title="exercise-analgesia" \
      org.opencontainers.image.description="Exercise-induced analgesia knowledge service (Swift / Hummingbird HTTP API backed by SQLite or PostgreSQL)" \
      org.opencontainers.image.source="${IMAGE_SOURCE}" \
      org.opencontainers.image.licenses="Apache-2.0"

# Install only what the server needs at runtime:
#   libsqlite3-0    - the system SQLite that GRDB links against
#   ca-certificates - TLS trust store
#   tzdata          - time zone database
#   curl            - used by the HEALTHCHECK
# Versions are not pinned: these are distro packages whose patch versions change with
# security updates, and pinning would break the build when the archive moves on.
# hadolint ignore=DL3008
RUN export DEBIAN_FRONTEND=noninteractive DEBCONF_NONINTERACTIVE_SEEN=true \
    && apt-get -q update \
    && apt-get -q install -y --no-install-recommends \
        libsqlite3-0 \
        ca-certificates \
        tzdata \
        curl \
    && rm -rf /var/lib/apt/lists/*

# Create a non-root system user and group with /app as its home directory,
# and the data directory owned by that user. The IDs are fixed so that host-side volume
# permissions and orchestrators (e.g. Kubernetes runAsNonRoot) can rely on them.
RUN groupadd --system --gid 10001 analgesia \
    && useradd --system --uid 10001 --gid analgesia --create-home --skel /dev/null \
        --home-dir /app --shell /usr/sbin/nologin analgesia \
    && install -d -o analgesia -g analgesia -m 0750 /data

# Switch to the new home directory
WORKDIR /app

# Copy the executable and any staged resources from the build stage. They stay owned by
# root, so the service user cannot modify them.
COPY --from=build /staging /app

# Provide configuration needed by the built-in crash reporter and some sensible default behaviors.
ENV SWIFT_BACKTRACE=enable=yes,sanitize=yes,threads=all,images=all,interactive=no,swift-backtrace=./swift-backtrace-static

# glibc's allocator: two arenas instead of one per core times eight, and freed memory above
# 64 KiB returned to the system instead of kept in the arenas. Under the hook and
# recommendation bench this lowered peak anonymous memory by 3-16 MiB with no measurable cost
# in throughput (heaptrack and malloc_stats; bench/README.md, "Memory").
ENV MALLOC_ARENA_MAX=2 \
    GLIBC_TUNABLES=glibc.malloc.trim_threshold=65536

# Listen on all interfaces inside the container and keep the database on the volume.
ENV HTTP_HOST=0.0.0.0 \
    HTTP_PORT=8080 \
    DB_PATH=/data/exercise-analgesia.sqlite \
    LOG_LEVEL=info

# The SQLite database (and its -wal/-shm files) live here.
VOLUME ["/data"]

EXPOSE 8080

# Ready once the database is open and migrated. Goes through sh so that an overridden
# HTTP_PORT is honoured; with the default this is http://127.0.0.1:8080/health/ready.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["sh", "-c", "curl -fsS -o /dev/null \"http://127.0.0.1:${HTTP_PORT:-8080}/health/ready\" || exit 1"]

# Ensure all further commands run as the unprivileged user (analgesia:analgesia)
USER 10001:10001

# Start the server; configuration comes from the environment above.
ENTRYPOINT ["./exercise-analgesia"]

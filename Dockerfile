# jixiao in a container: the Kubernetes recipe in the README runs this image.
#   docker build -t jixiao .
#   docker run --rm -v "$PWD/samples:/archive:ro" jixiao extract --format jsonl /archive
# Multi-stage: the toolchain stays in the builder; the runtime image holds
# the binary (models included) on a slim Debian, run as a non-root user.

FROM rust:1.94-slim-bookworm AS build
WORKDIR /src
# git: build.rs records the commit the binary is built from (optional).
RUN apt-get update && apt-get install -y --no-install-recommends git \
    && rm -rf /var/lib/apt/lists/*
COPY . .
RUN cargo build --release --locked -p jixiao \
    && install -m 0755 target/release/jixiao /usr/local/bin/jixiao

FROM debian:bookworm-slim
# sqlite is built into the binary; only libc and libgcc are needed.
RUN useradd --system --uid 10001 --create-home --home-dir /home/jixiao jixiao \
    && mkdir -p /data && chown jixiao /data
COPY --from=build /usr/local/bin/jixiao /usr/local/bin/jixiao
USER jixiao
WORKDIR /data
ENTRYPOINT ["jixiao"]
CMD ["--help"]

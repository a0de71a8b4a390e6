# syntax=docker/dockerfile:1
# docexport: a static binary (fonts embedded) on distroless, as non-root.
#   docker build -t docexport --build-arg VERSION=v1.0.0 --build-arg REVISION=$(git rev-parse HEAD) .
#   docker run --rm -p 8080:8080 docexport

FROM golang:1.26 AS build
WORKDIR /src
# Modules first, so the download layer is cached until go.mod/go.sum change.
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
ARG VERSION=""
ARG REVISION=""
ARG TARGETOS=linux
ARG TARGETARCH
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 GOOS=${TARGETOS} GOARCH=${TARGETARCH} \
    go build -trimpath -buildvcs=false \
      -ldflags="-s -w -X main.version=${VERSION} -X main.revision=${REVISION}" \
      -o /out/docexport ./cmd/docexport

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/docexport /docexport
# distroless "nonroot" is uid/gid 65532 (deploy/k8s runs as the same ids).
USER 65532:65532
EXPOSE 8080
ENV DOCEXPORT_ADDR=:8080
# No shell or curl in the image: the binary probes itself.
HEALTHCHECK --interval=10s --timeout=3s --start-period=5s --retries=3 \
  CMD ["/docexport", "healthcheck"]
# SIGTERM: readiness off, stop accepting, drain for DOCEXPORT_SHUTDOWN_GRACE, exit 0.
STOPSIGNAL SIGTERM
ENTRYPOINT ["/docexport"]
CMD ["serve"]

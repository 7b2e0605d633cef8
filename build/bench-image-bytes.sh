#!/usr/bin/env bash
# Bytes per component image with and without package trimming (PipelineTrimPackages), on
# samples/ChurnPrediction: builds one copy of the sample twice, into two OCI layouts, and reads
# each layout. Per image: the compressed bytes of the layers its manifest names (base included, and
# without it: what this build adds), the package files it carries; per layout: the unique bytes of
# every layer blob (what a registry or a node stores for all the images together).
# Usage: build/bench-image-bytes.sh   (needs the test environment: . /run/pipelines-test/env, for
# the offline base image; packs the SDK with build/pack-dev.sh first)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
: "${PIPELINES_TEST_BASE_LAYOUT:?source /run/pipelines-test/env first}"
"$root/build/pack-dev.sh" >/dev/null

work="$(mktemp -d /tmp/pipelines-image-bytes-XXXXXX)"
trap 'rm -rf "$work"' EXIT
cp "$root/samples/global.json" "$root/samples/Directory.Build.props" "$work/"
sed -e "s#../artifacts/samples-packages#$root/artifacts/samples-packages#" -e "s#../artifacts/feed#$root/artifacts/feed#" \
  "$root/samples/nuget.config" >"$work/nuget.config"
(cd "$root/samples" && tar --exclude=bin --exclude=obj -cf - ChurnPrediction) | (cd "$work" && tar -xf -)

project="$work/ChurnPrediction/ChurnPrediction.Pipeline"
for trim in false true; do
  dotnet build "$project" -nologo -v:q -p:PipelineBaseImage="oci:$PIPELINES_TEST_BASE_LAYOUT" \
    -p:PipelineImageCacheDirectory="$work/cache" -p:PipelineTrimPackages=$trim \
    -p:PipelineImagesDirectory="$work/images-trim-$trim/" >"$work/build-$trim.log" 2>&1 \
    || { tail -30 "$work/build-$trim.log"; exit 1; }
done

python3 - "$work" <<'EOF'
import json, os, sys, tarfile, gzip
work = sys.argv[1]
base = json.load(open(os.path.join(os.environ["PIPELINES_TEST_BASE_LAYOUT"], "index.json")))
def blob(layout, digest): return os.path.join(layout, "blobs", "sha256", digest.split(":", 1)[1])
def mib(n): return f"{n / 1048576:.2f} MiB"
results = {}
for trim in ("false", "true"):
    layout = os.path.join(work, f"images-trim-{trim}")
    index = json.load(open(os.path.join(layout, "index.json")))
    images, unique, base_layers = {}, {}, None
    for m in index["manifests"]:
        name = m["annotations"]["org.opencontainers.image.ref.name"].split("/")[-1].split(":")[0]
        manifest = json.load(open(blob(layout, m["digest"])))
        layers = manifest["layers"]
        config = json.load(open(blob(layout, manifest["config"]["digest"])))
        ours = [h["created_by"].split(": ", 1)[1] for h in config["history"] if h.get("created_by", "").startswith("pipelines-images:")]
        own = layers[len(layers) - len(ours):]
        packages = 0
        for layer, title in zip(own, ours):
            if title == "dependencies layer":
                with tarfile.open(fileobj=gzip.open(blob(layout, layer["digest"]))) as t:
                    packages = sum(1 for e in t if e.isfile())
        images[name] = (sum(l["size"] for l in layers), sum(l["size"] for l in own), packages)
        for l in layers: unique[l["digest"]] = (l["size"], l in own)
    results[trim] = (images, unique)
print(f"{'component':<15} {'untrimmed: image / own layers / package files':>46} {'trimmed: image / own layers / package files':>46}")
for name in sorted(results["false"][0]):
    a, b = results["false"][0][name], results["true"][0][name]
    print(f"{name:<15} {mib(a[0]):>14} / {mib(a[1]):>11} / {a[2]:>3} {'':>10} {mib(b[0]):>14} / {mib(b[1]):>11} / {b[2]:>3}")
for trim, label in (("false", "untrimmed"), ("true", "trimmed")):
    unique = results[trim][1]
    total = sum(s for s, _ in unique.values())
    own = sum(s for s, o in unique.values() if o)
    print(f"{label}: unique layer bytes across all images {mib(total)} (of which this build's layers {mib(own)}, {sum(1 for _, o in unique.values() if o)} blobs)")
EOF

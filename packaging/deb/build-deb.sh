#!/usr/bin/env bash
# Builds recorder_<version>_amd64.deb from this checkout:
#   - the `recorder` CLI published self-contained for linux-x64 with ReadyToRun (no .NET runtime on the endpoint)
#     into /usr/lib/recorder, on the PATH as /usr/bin/recorder;
#   - the built-in plugins as bundles signed with the RELEASE key into /usr/lib/recorder/plugins (signed by the
#     published `recorder plugin bundle`, exactly as a plugin publisher signs);
#   - /etc/recorder (recorder.yaml, trust/ trusting the release key only, subscriptions/), the shipped subscriptions
#     in /usr/share/recorder/subscriptions, /var/lib/recorder (0700), the systemd unit, a man page made from --help.
# The development key (.dev-keys/) is never used, packaged or trusted.
#
# Usage: packaging/deb/build-deb.sh --key <release.private.pem> [--version X.Y.Z] [--out <folder>]
#   --key      the release signing key (`recorder keys new`); or RECORDER_RELEASE_KEY=<file>
#   --version  package and plugin version (default: RECORDER_VERSION, else 0.1.0)
#   --out      where the .deb goes (default: artifacts/deb)
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
here="$repo/packaging/deb"
key="${RECORDER_RELEASE_KEY:-}"
version="${RECORDER_VERSION:-0.1.0}"
out="$repo/artifacts/deb"
while [ $# -gt 0 ]; do
  case "$1" in
    --key) key="$2"; shift 2 ;;
    --version) version="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) echo "build-deb.sh: unknown argument '$1' (see the usage at the top of $0)" >&2; exit 2 ;;
  esac
done
fail() { echo "build-deb.sh: $*" >&2; exit 1; }
[ -n "$key" ] || fail "no release key: give --key <file> or RECORDER_RELEASE_KEY (make one with 'recorder keys new --out <dir>')"
[ -f "$key" ] || fail "release key $key does not exist"
key="$(cd "$(dirname "$key")" && pwd)/$(basename "$key")"
[[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || fail "version '$version' is not X.Y.Z"
grep -q '^key-id: development$' "$key" && fail "$key is the development key; the package is signed with a release key only"
for tool in dotnet dpkg-deb fakeroot; do command -v "$tool" >/dev/null || fail "$tool is not installed"; done

arch=amd64 rid=linux-x64
work="$(mktemp -d /tmp/recorder-deb.XXXXXX)"
trap 'rm -rf "$work"' EXIT
root="$work/root"
lib="$root/usr/lib/recorder"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# Builds go to their own artifacts folder, never the checkout's bin/ and obj/ (or artifacts/plugins, the dev bundles).
build=(-c Release -p:Version="$version" -m:1 -nologo -v quiet --artifacts-path "$work/build")

echo "build-deb.sh: publishing the recorder $version for $rid (self-contained, ReadyToRun)"
# ReadyToRun: `recorder status` starts in about 95 ms instead of 130 ms (docs/operations.md), for 2 MB more.
dotnet publish "$repo/host/Recorder.Cli/Recorder.Cli.csproj" "${build[@]}" -r "$rid" --self-contained \
  -p:PublishReadyToRun=true -o "$lib"
recorder="$lib/recorder"
"$recorder" --version >/dev/null

echo "build-deb.sh: building and signing the built-in plugins with the release key"
# One build of every plugin project; each with a RecorderPluginId is bundled into the package's plugin folder, signed
# by the published CLI (RecorderSigningCommand): the same `plugin bundle` a publisher runs.
{
  echo "<Solution>"
  for project in "$repo"/plugins/*/*.csproj; do echo "  <Project Path=\"$project\" />"; done
  echo "</Solution>"
} > "$work/plugins.slnx"
dotnet build "$work/plugins.slnx" "${build[@]}" -p:RecorderSigningKey="$key" -p:RecorderSigningCommand="$recorder%20plugin" \
  -p:RecorderPluginBundleRoot="$lib/plugins"
for id in recorder.collectors.linuxaudit recorder.enrichers.process recorder.sinks.sqlite recorder.sinks.journal; do
  [ -f "$lib/plugins/$id/manifest.sig" ] || fail "no signed bundle for $id"
done

# The bundler's lock files (parallel builds take turns) are not part of a plugin.
rm -f "$lib/plugins"/.*.lock

echo "build-deb.sh: laying out the package"
mkdir -p "$root/usr/bin" "$root/usr/share/recorder" "$root/etc/recorder/trust/keys" "$root/etc/recorder/subscriptions" \
  "$root/var/lib/recorder" "$root/lib/systemd/system" "$root/usr/share/man/man1" "$root/usr/share/doc/recorder" "$root/DEBIAN"
ln -s ../lib/recorder/recorder "$root/usr/bin/recorder"
cp -r "$repo/manifests/subscriptions" "$root/usr/share/recorder/subscriptions"
cp "$here/recorder.yaml" "$root/etc/recorder/recorder.yaml"
# Trust: the shipped revocation list and the release public key (scope recorder.*: it signs the built-in plugins
# only; an operator trusts their own publisher keys beside it).
cp "$repo/manifests/trust/revoked.txt" "$root/etc/recorder/trust/revoked.txt"
"$recorder" keys export "$key" --out "$root/etc/recorder/trust/keys" --scope 'recorder.*' >/dev/null
release_key_id="$(basename "$root"/etc/recorder/trust/keys/*.pem .pem)"
cp "$here/recorder.service" "$root/lib/systemd/system/recorder.service"
cp "$repo/docs/operations.md" "$repo/docs/manifests.md" "$repo/docs/linux.md" "$root/usr/share/doc/recorder/"
# The man page is the binary's own --help, with the packaged plugins loaded so that their commands are listed.
mkdir -p "$work/man-data"
printf 'plugin_dirs: [%s]\ntrust_store: %s\nsubscription_dirs: []\n' "$lib/plugins" "$root/etc/recorder/trust" > "$work/man.yaml"
"$here/make-man-page.sh" "$recorder" "$version" --config "$work/man.yaml" --data-dir "$work/man-data" | gzip -9n > "$root/usr/share/man/man1/recorder.1.gz"

# Every verified folder must be root-owned and not group/other-writable; the data folder is root-only.
find "$root" -type d -exec chmod 0755 {} +
find "$root" -type f -exec chmod go-w,a+r {} +
chmod 0700 "$root/var/lib/recorder"

installed_kb="$(du -sk --exclude=DEBIAN "$root" | cut -f1)"
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@INSTALLED_SIZE@/$installed_kb/" "$here/control" > "$root/DEBIAN/control"
(cd "$root" && find etc -type f | sed 's|^|/|' | sort) > "$root/DEBIAN/conffiles"
for script in postinst prerm postrm; do install -m 0755 "$here/$script" "$root/DEBIAN/$script"; done

# Nothing of the development signing may be in the package.
if grep -rqs -e '^key-id: development$' "$root" || [ -n "$(find "$root" -name 'development*.pem')" ]; then
  fail "the development key is in the package"
fi

mkdir -p "$out"
deb="$out/recorder_${version}_${arch}.deb"
fakeroot dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null
echo "build-deb.sh: $deb (release key $release_key_id)"

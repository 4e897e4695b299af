#!/usr/bin/env bash
# Make a Java runtime available for the Nu Html Checker (vnu.jar, from npm's vnu-jar), which the
# HTML validity test runs over every built page. Prints the java used.
# Debian's default-jre-headless when we can install it (root with apt-get); a clear message otherwise.
set -euo pipefail
jar=${1:-node_modules/vnu-jar/build/dist/vnu.jar}
works() { [ -n "$1" ] && "$1" -jar "$jar" --version >/dev/null 2>&1; }
for candidate in "${JAVA:-}" "$(command -v java || true)"; do
  if works "$candidate"; then echo "java: $candidate (Nu Html Checker $("$candidate" -jar "$jar" --version))"; exit 0; fi
done
if [ ! -f "$jar" ]; then
  echo "java: $jar is missing: run \`make setup\` (npm ci installs the Nu Html Checker)" >&2; exit 1
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "java: installing Debian's default-jre-headless (for the Nu Html Checker)"
  apt-get -o DPkg::Lock::Timeout=900 update -qq
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 install -y -qq default-jre-headless >/dev/null
  if works "$(command -v java || true)"; then echo "java: $(command -v java)"; exit 0; fi
fi
cat >&2 <<MSG
java: no Java runtime (11 or newer) found, and none could be installed here.
  The HTML validity test (tests/test_html_validity.py) runs the Nu Html Checker, a Java program.
  Install one, e.g. \`sudo apt-get install default-jre-headless\` (Debian/Ubuntu),
  \`brew install openjdk\` (macOS), then run \`make test\` again;
  or point JAVA at one: \`make test JAVA=/path/to/bin/java\`.
MSG
exit 1

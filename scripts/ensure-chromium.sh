# Sourced by the test script: Playwright drives Debian's Chromium (its own browser download is unreachable).
if [ -z "${CHROMIUM_PATH:-}" ] && ! [ -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "tributary: installing Debian's chromium for the browser tests…" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) || { echo "tributary: apt-get install chromium failed — install Chromium and set CHROMIUM_PATH" >&2; return 1; }
  else
    echo "tributary: no Chromium at /usr/bin/chromium — install it (sudo apt-get install chromium) or set CHROMIUM_PATH" >&2
    return 1
  fi
fi

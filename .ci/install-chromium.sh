#!/bin/sh
# Headless Chromium for the report.html rendering test (ReportPageChromiumTest).
set -eu
if command -v chromium >/dev/null 2>&1; then exit 0; fi
apt-get update
apt-get install -y --no-install-recommends chromium

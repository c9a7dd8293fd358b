"""Serving the app for browser tests, benchmarks and deploy/: a server process, Chromium, the probes."""

"""The portal's settings for `make bench`, with one more URL: the trivial page (see bench_urls)."""

from danvan.settings import *  # noqa: F403

ROOT_URLCONF = "scripts.bench_urls"

"""Production settings with a cache every server process shares, for bench/downloads.py.

Django's database cache stands in for Redis or Memcached: the download building
limits (pagecache/downloads.py) count in the cache, so they hold for the whole site
only when every process sees the same cache. ``manage.py createcachetable`` makes
its table.
"""

from config.settings import *  # noqa: F403

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "maek_bench_cache",
    }
}

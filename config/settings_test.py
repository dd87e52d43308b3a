"""Settings for the test suite: the ordinary settings, made fast and self-contained."""

import os

os.environ.setdefault("MAEK_TESTING", "1")

from config.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = BASE_DIR / ".test-media"  # noqa: F405

#!/usr/bin/env python
"""Django's command-line utility for Maek."""

import os
import sys

# Commands that only read the code and write files of the repository (migrations,
# catalogues) need no secret: a checkout runs them without configuration.
REPOSITORY_COMMANDS = {"makemigrations", "makemessages", "compilemessages"}


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if len(sys.argv) > 1 and sys.argv[1] in REPOSITORY_COMMANDS:
        os.environ.setdefault("DEBUG", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()

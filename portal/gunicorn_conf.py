"""gunicorn settings for the ``web`` container (``gunicorn -c python:portal.gunicorn_conf``).

The access log writes the request line, query string and referer through the same
masking as every other log (``portal.pii``): ``/search/?q=<an ID number>`` never
reaches the log as typed.
"""

from __future__ import annotations

import os
from typing import Any

from gunicorn.glogging import Logger

from portal.pii import (
    redact_query_string,
    redact_request_lines,
    redact_url,
    redact_value,
)

# Atoms that hold a URL (path and query): the request path, the referer, the raw URI.
_URL_ATOMS = frozenset(
    {"U", "f", "{referer}i", "{http_referer}e", "{raw_uri}e", "{path_info}e"}
)


class RedactingLogger(Logger):
    """gunicorn's logger with personal data masked in the access-log atoms."""

    def atoms(self, resp: Any, req: Any, environ: Any, request_time: Any) -> Any:
        atoms = super().atoms(resp, req, environ, request_time)
        for key, value in atoms.items():
            if not isinstance(value, str):
                continue
            if key == "r":
                atoms[key] = redact_request_lines(value)
            elif key in ("q", "{query_string}e"):
                atoms[key] = redact_query_string(value)
            elif key in _URL_ATOMS:
                atoms[key] = redact_url(value)
            else:
                atoms[key] = redact_value(value)
        return atoms


bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")  # noqa: S104 - inside the container
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
accesslog = "-"
errorlog = "-"
logger_class = RedactingLogger

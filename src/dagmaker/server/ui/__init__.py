"""The web UI of ``dagmaker server``: pipelines, executions, callbacks, models, monitoring.

Pages are rendered on the server (Jinja2 templates, SVG graphs and charts drawn in
Python) and read and act only through the clients' boto3-named methods; each has a JSON
twin (``?format=json``). Mounted under ``/ui/``, a path no S3 bucket can have.
"""

from __future__ import annotations

from dagmaker.server.ui.render import PREFIX
from dagmaker.server.ui.router import ui_router

__all__ = ["PREFIX", "ui_router"]

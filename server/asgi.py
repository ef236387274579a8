"""The ASGI entry point for uvicorn (and any other ASGI server): `server.asgi:app`.

Each worker process imports this module, so each configures its own logging here."""

from server import logs
from server.app import create_app
from server.settings import load_settings

settings = load_settings()
logs.configure(settings.log_level, settings.log_format)
app = create_app(settings)

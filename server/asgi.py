"""The ASGI entry point for uvicorn (and any other ASGI server): `server.asgi:app`."""

from server.app import create_app

app = create_app()

"""The baseline for `bench.load`: a bare Starlette app with one route and no middleware.

It is served exactly as `jubilee serve` serves Jubilee (one uvicorn worker, no access log, no
logging config, proxy headers on), so the difference between the two is Jubilee's own work:
middleware, session lookup, database queries and template rendering.

    python -m bench.hello --port 8001
"""

from __future__ import annotations

import argparse

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route


async def hello(request: Request) -> Response:
    return PlainTextResponse("Hello, world!")


app = Starlette(routes=[Route("/", hello)])


def main(argv: list[str] | None = None) -> None:
    import uvicorn

    parser = argparse.ArgumentParser(prog="python -m bench.hello", description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8001)
    args = parser.parse_args(argv)
    # The same arguments as server.cli.serve(), so both servers run the same uvicorn stack.
    uvicorn.run(
        "bench.hello:app",
        host=args.host,
        port=args.port,
        workers=1,
        access_log=False,
        proxy_headers=True,
        forwarded_allow_ips="127.0.0.1",
        log_config=None,
    )


if __name__ == "__main__":
    main()

"""The bench member, signed up through Jubilee's real /signup form."""

from __future__ import annotations

import re

from bench.common import HOST, BenchError

BENCH_HANDLE = "bench_member"
BENCH_PASSWORD = "tin roof rusted in the rain"  # noqa: S105 - a throwaway account in a throwaway database


def sign_up(port: int) -> dict[str, str]:
    """Sign up the bench member through the real form; return the cookies a browser would send."""
    import httpx

    with httpx.Client(base_url=f"http://{HOST}:{port}", follow_redirects=False, timeout=30.0) as client:
        page = client.get("/signup")
        match = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        if page.status_code != 200 or match is None or "jubilee_csrf" not in client.cookies:
            raise BenchError(f"/signup did not give a form with a CSRF token (status {page.status_code})")
        response = client.post(
            "/signup",
            data={
                "csrf_token": match.group(1),
                "handle": BENCH_HANDLE,
                "password": BENCH_PASSWORD,
                "password_confirm": BENCH_PASSWORD,
                "email": "",
                "language": "en",
                "understood": "yes",
            },
        )
        if response.status_code != 200 or "jubilee_session" not in client.cookies:
            raise BenchError(f"sign-up failed with status {response.status_code}: {response.text[:500]}")
        return {name: client.cookies[name] for name in ("jubilee_csrf", "jubilee_session")}

"""The Jinja environment every page renders with, and `render()`.

Templates live in `<domain>/templates/<domain>/` (the shell's in `server/templates/`); the app
builds one environment over the shell's folder and those its domains declare. The environment is
strict (an undefined variable is an error, not an empty string), autoescapes, trims
`{% trans %}` blocks, and formats money, numbers and dates through Babel.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import jinja2
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.templating import Jinja2Templates

from server import i18n, outcomes
from server.auth import describe_device

SHELL_TEMPLATES = Path(__file__).resolve().parent / "templates"


def environment(template_dirs: Sequence[Path]) -> jinja2.Environment:
    """The shell's templates first, then each domain's folder."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([SHELL_TEMPLATES, *template_dirs]),
        autoescape=jinja2.select_autoescape(default=True),
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.policies["ext.i18n.trimmed"] = True
    # Jinja's new-style gettext fills in the variables itself (escaping them), so it is given the
    # bare translation functions of the current language.
    env.install_gettext_callables(  # type: ignore[attr-defined]
        lambda message: i18n.translations(i18n.current_language()).ugettext(message),
        lambda singular, plural, n: i18n.translations(i18n.current_language()).ungettext(singular, plural, n),
        newstyle=True,
    )
    env.filters.update(
        money=i18n.format_money,
        whole_money=i18n.format_whole_money,
        number=i18n.format_number,
        percent=i18n.format_percent_value,
        device=describe_device,
        date=i18n.format_date,
        month=i18n.format_month,
        datetime=i18n.format_datetime,
    )
    env.globals.update(language_names=i18n.LANGUAGE_NAMES, current_language=i18n.current_language)
    return env


@functools.cache
def templates_for(template_dirs: tuple[Path, ...]) -> Jinja2Templates:
    """One environment per set of folders, so compiled templates are shared by every app of a
    process (tests build many)."""
    return Jinja2Templates(env=environment(template_dirs))


def render(
    request: Request,
    name: str,
    context: dict[str, Any] | None = None,
    *,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    """Render a page with the shell's context: the member, the CSRF token, the language, and the
    outcome of the form that led here (shown once)."""
    state = request.scope.get("state", {})
    code = outcomes.pending_code(request.scope)
    base = {
        "member": state.get("member"),
        "csrf_token": state.get("csrf_token", ""),
        "unread_notifications": state.get("unread_notifications", 0),
        "path": request.url.path,
        "outcome": None if code is None else state["domains"].outcomes.get(code),
    }
    templates: Jinja2Templates = state["templates"]
    response = templates.TemplateResponse(
        request, name, {**base, **(context or {})}, status_code=status_code, headers=headers
    )
    if code is not None:
        response.headers.append("set-cookie", outcomes.forget(request.scope))
    return response

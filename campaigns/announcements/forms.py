"""What an organizer types to announce something to a campaign's members. Pure checks; every
refusal keeps what was typed and says, next to the field, what to fix."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from server.forms import Form, text
from server.i18n import format_number
from server.i18n import gettext as _


class AnnouncementForm(Form):
    """An announcement to a campaign's members: `clean` holds its subject and body."""


def _length(data: Mapping[str, Any], name: str) -> int:
    typed = data.get(name)
    return len(typed.strip()) if isinstance(typed, str) else 0


def announcement_form(data: Mapping[str, Any], subject_max: int, body_max: int) -> AnnouncementForm:
    """Subject and body, both required, plain text (shown escaped, never as HTML)."""
    typed_body = data.get("body")
    body = typed_body.replace("\r\n", "\n").strip() if isinstance(typed_body, str) else ""
    # too-long text is kept in part, for the organizer to shorten, not echoed back whole
    values = {"subject": text(data, "subject", subject_max * 2), "body": body[:body_max * 2]}
    form = AnnouncementForm(values)
    if not values["subject"]:
        form.errors["subject"] = _("Write a subject.")
    elif _length(data, "subject") > subject_max:
        form.errors["subject"] = _("A subject has at most %(max)s characters; this has %(count)s.",
                                   max=format_number(subject_max), count=format_number(_length(data, "subject")))
    elif "\n" in values["subject"] or "\r" in values["subject"]:
        form.errors["subject"] = _("Write the subject on one line.")
    else:
        form.clean["subject"] = values["subject"]
    if not values["body"]:
        form.errors["body"] = _("Write the message.")
    elif len(body) > body_max:
        form.errors["body"] = _("A message has at most %(max)s characters; this has %(count)s.",
                                max=format_number(body_max), count=format_number(len(body)))
    else:
        form.clean["body"] = values["body"]
    return form

"""The shared `MetaData` and the tables of the shell: members, sessions, roles, audit, throttling,
notifications and the email outbox.

Privacy by construction: no column here holds an email, a name or an address in clear. The email
is AES-GCM ciphertext under rotating server keys (`email_ciphertext`) plus a keyed hash for
log-in (`email_lookup`); the member's data key is stored only wrapped (by their password and by
their recovery code); sessions are stored by the hash of their token; throttling keeps keyed
hashes of handles and addresses, and only for the length of its window.
"""

from __future__ import annotations

import sqlalchemy as sa

from server.db import UTCDateTime

metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

ROLES = ("organizer", "steward", "administrator")

members = sa.Table(
    "members",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("handle", sa.String(40), nullable=False),
    # casefolded handle: "Maria" and "maria" are the same member
    sa.Column("handle_key", sa.String(40), nullable=False, unique=True),
    sa.Column("password_hash", sa.String(200), nullable=False),
    sa.Column("email_ciphertext", sa.Text),
    sa.Column("email_lookup", sa.String(64), unique=True),
    sa.Column("language", sa.String(8), nullable=False),
    sa.Column("data_key_by_password", sa.Text, nullable=False),
    sa.Column("data_key_by_recovery", sa.Text, nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("password_changed_at", UTCDateTime, nullable=False),
)

sessions = sa.Table(
    "sessions",
    metadata,
    # SHA-256 of the token in the member's cookie: a database copy cannot be replayed as a cookie
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("member_id", sa.ForeignKey("members.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("last_seen_at", UTCDateTime, nullable=False),
    sa.Column("expires_at", UTCDateTime, nullable=False),
    # the member's data key, wrapped by a key derived from the cookie's token
    sa.Column("data_key", sa.Text, nullable=False),
    # a coarse label such as "Firefox on Android", so members can recognise their sessions
    sa.Column("device", sa.String(60), nullable=False),
)

member_roles = sa.Table(
    "member_roles",
    metadata,
    sa.Column("member_id", sa.ForeignKey("members.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("role", sa.String(20), primary_key=True),
    sa.Column("granted_at", UTCDateTime, nullable=False),
    sa.Column("granted_by", sa.ForeignKey("members.id", ondelete="SET NULL")),
    sa.CheckConstraint("role IN ('organizer', 'steward', 'administrator')", name="role"),
)

audit_log = sa.Table(
    "audit_log",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("at", UTCDateTime, nullable=False),
    sa.Column("actor_id", sa.ForeignKey("members.id", ondelete="SET NULL"), index=True),
    sa.Column("subject_id", sa.ForeignKey("members.id", ondelete="SET NULL"), index=True),
    sa.Column("action", sa.String(40), nullable=False),
    # structured, never personal: e.g. {"role": "organizer"}
    sa.Column("detail", sa.Text, nullable=False, server_default="{}"),
)

login_throttle = sa.Table(
    "login_throttle",
    metadata,
    # "account:<keyed hash of handle>" or "address:<keyed hash of IP>"
    sa.Column("key", sa.String(80), primary_key=True),
    sa.Column("window_start", UTCDateTime, nullable=False),
    sa.Column("failures", sa.Integer, nullable=False),
)

notifications = sa.Table(
    "notifications",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("member_id", sa.ForeignKey("members.id", ondelete="CASCADE"), nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    # the name of a `server.notices.kinds.Kind` a domain declares; put into words when shown
    sa.Column("kind", sa.String(40), nullable=False),
    sa.Column("params", sa.Text, nullable=False, server_default="{}"),
    sa.Column("link", sa.String(200)),
    sa.Column("read_at", UTCDateTime),
    sa.Index("ix_notifications_member_created", "member_id", "created_at"),
)

email_outbox = sa.Table(
    "email_outbox",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("member_id", sa.ForeignKey("members.id", ondelete="CASCADE")),
    # recipient, subject and body are ciphertext under the server keys
    sa.Column("recipient", sa.Text, nullable=False),
    sa.Column("subject", sa.Text, nullable=False),
    sa.Column("body", sa.Text, nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
    sa.Column("next_attempt_at", UTCDateTime, nullable=False, index=True),
    sa.Column("lease_until", UTCDateTime),
    sa.Column("failed_at", UTCDateTime),
    sa.Column("last_error", sa.String(200)),
)

SHELL_TABLES = (members, sessions, member_roles, audit_log, login_throttle, notifications, email_outbox)

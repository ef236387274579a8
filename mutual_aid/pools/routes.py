"""Pools as members find, start and join them, and their rules: the list of pools, starting one,
joining by invitation or by asking, the rules with every earlier version, and a steward's rule
changes (each a new version, announced to every member).

The member's own page and the stewards' page are in `pool_member_routes` and `steward_routes`;
their routes are listed here, so the app mounts one list.
"""

from __future__ import annotations

import secrets

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from mutual_aid.contributions import routes as pool_member_routes
from mutual_aid.pools import notices as pool_notices
from mutual_aid.pools import queries as pool_queries
from mutual_aid.pools import rule_words
from mutual_aid.pools.access import membership_or_404, pool_or_404, steward_or_404
from mutual_aid.pools.forms import CURRENCIES, blank_values, pool_form, values_from_rules
from mutual_aid.pools.notices import POOL_JOIN_REQUESTED, POOL_RULES_CHANGED
from mutual_aid.pools.rules import from_json
from mutual_aid.stewards import routes as steward_routes
from mutual_aid.vocabulary import ALLOCATION_RULES, CONTRIBUTION_KINDS, DECISION_METHODS, ROLES
from server.audit import record_audit
from server.auth import current_member, me, member_required
from server.db import Database, Row, utcnow
from server.forms import Form
from server.notices.outbox import notify
from server.slugs import slug_base, unique_slug
from server.templating import render

SLUG_ATTEMPTS = 20
RESERVED_SLUGS = {"new", "join"}  # fixed paths under /pools/
__all__ = ["pool_notices", "routes"]


async def pool_list(request: Request) -> Response:
    """Open pools for anyone; a member also sees their own pools and their part in each."""
    db = request.state.db
    member = current_member(request)
    mine = await pool_queries.pools_of(db, member.id) if member else []
    mine_ids = {p["id"] for p in mine}
    others = [p for p in await pool_queries.open_pools(db) if p["id"] not in mine_ids]
    return render(request, "mutual_aid/pools/list.html", {
        "mine": mine, "others": others, "roles": ROLES, "done": request.query_params.get("done", ""),
    })


def _form_context(form: Form, *, action: str, pool: Row | None = None, conflict: bool = False) -> dict[str, object]:
    return {
        "form": form, "action": action, "pool": pool, "conflict": conflict, "currencies": {code: code for code in CURRENCIES},
        "contribution_kinds": CONTRIBUTION_KINDS, "decision_methods": {k: v for k, v in DECISION_METHODS.items()
                                                                       if k != "automatic"},
        "allocation_rules": ALLOCATION_RULES,
    }


@member_required
async def new_pool(request: Request) -> Response:
    if request.method in ("GET", "HEAD"):
        return render(request, "mutual_aid/pools/new.html", _form_context(Form(blank_values()), action="/pools/new"))
    form = pool_form(await request.form())
    if not form.ok:
        return render(request, "mutual_aid/pools/new.html", _form_context(form, action="/pools/new"), status_code=400)
    db, now, creator = request.state.db, utcnow(), me(request)
    base = slug_base(form.clean["name"], "pool")
    base = f"{base}-pool" if base in RESERVED_SLUGS or base == "campaign" else base
    slug = await _create(db, base, form, creator.id)
    await record_audit(db, at=now, actor_id=creator.id, subject_id=None, action="pool_created", slug=slug)
    return RedirectResponse(f"/pools/{slug}/steward?done=created", status_code=303)


async def _create(db: Database, base: str, form: Form, creator_id: int) -> str:
    """Create the pool under the first free slug from `base` (someone may take one meanwhile)."""
    taken = await pool_queries.slugs_starting(db, base)
    columns = {name: form.clean[name] for name in ("name", "description", "currency")}
    for _attempt in range(SLUG_ATTEMPTS):
        slug = unique_slug(base, taken)
        if await pool_queries.create_pool(db, slug=slug, rules=form.clean["rules"], creator_id=creator_id,
                                          now=utcnow(), **columns) is not None:
            return slug
        taken |= {slug} | await pool_queries.slugs_starting(db, base)
    slug = f"{base}-{secrets.token_hex(4)}"
    if await pool_queries.create_pool(db, slug=slug, rules=form.clean["rules"], creator_id=creator_id,
                                      now=utcnow(), **columns) is None:
        raise RuntimeError("no free slug")
    return slug


async def _joining_page(request: Request, pool: Row, *, action: str, by_invite: bool, status_code: int = 200,
                        message: str = "") -> Response:
    membership = await pool_queries.membership(request.state.db, pool["id"], me(request).id)
    return render(request, "mutual_aid/pools/join.html", {
        "pool": pool, "rules": rule_words.describe(pool_queries.rules_of(pool), pool["currency"]),
        "action": action, "by_invite": by_invite, "membership": membership, "message": message,
        "members": await pool_queries.count_members(request.state.db, pool["id"]),
    }, status_code=status_code)


@member_required
async def join_by_invite(request: Request) -> Response:
    """The invitation link: see the pool and its rules, then join at once."""
    db, member = request.state.db, me(request)
    code = str(request.path_params["code"])[:64]
    pool = await pool_queries.pool_by_invite(db, code)
    if pool is None:
        raise HTTPException(status_code=404)
    action = f"/pools/join/{code}"
    if request.method in ("GET", "HEAD"):
        return await _joining_page(request, pool, action=action, by_invite=True)
    now = utcnow()
    current = await pool_queries.membership(db, pool["id"], member.id)
    if current is None:
        try:
            await pool_queries.add_member(db, pool["id"], member.id, now, status="active")
        except ValueError:
            pass  # the same form sent twice: the first made the membership
    elif current["status"] == "requested":
        await pool_queries.set_membership(db, pool["id"], member.id, expect={"status": "requested"},
                                          status="active", joined_at=now)
    elif current["status"] in ("left", "declined"):
        await pool_queries.ask_again(db, pool["id"], member.id, now, status="active")
    return RedirectResponse(f"/pools/{pool['slug']}/me?done=joined", status_code=303)


@member_required
async def ask_to_join(request: Request) -> Response:
    """Ask to join an open pool; its stewards approve or decline."""
    db, member = request.state.db, me(request)
    pool = await pool_or_404(request)
    if pool["status"] != "open":
        raise HTTPException(status_code=404)
    action = f"/pools/{pool['slug']}/join"
    if request.method in ("GET", "HEAD"):
        return await _joining_page(request, pool, action=action, by_invite=False)
    now = utcnow()
    current = await pool_queries.membership(db, pool["id"], member.id)
    asked = False
    if current is None:
        try:
            await pool_queries.add_member(db, pool["id"], member.id, now, status="requested")
            asked = True
        except ValueError:
            pass
    elif current["status"] in ("left", "declined"):
        asked = await pool_queries.ask_again(db, pool["id"], member.id, now, status="requested")
    if asked:
        for steward in await pool_queries.members_of(db, pool["id"], role="steward"):
            await notify(db, request.state.keyring, steward["member_id"], POOL_JOIN_REQUESTED,
                         link=f"/pools/{pool['slug']}/steward", pool=pool["name"])
    return RedirectResponse("/pools?done=asked", status_code=303)


@member_required
async def rules_page(request: Request) -> Response:
    """The rules in force, and every earlier version with what changed and who changed it."""
    pool = await pool_or_404(request)
    membership = await membership_or_404(request, pool)
    versions = await pool_queries.rule_versions(request.state.db, pool["id"])
    history = []
    for newer, older in zip(versions, [*versions[1:], None], strict=True):
        history.append({
            "version": newer["version"], "changed_at": newer["changed_at"], "by": newer["pseudonym"],
            "changes": rule_words.changes(from_json(older["rules"]), from_json(newer["rules"]), pool["currency"])
            if older else [],
            "first": older is None,
        })
    return render(request, "mutual_aid/pools/rules.html", {
        "pool": pool, "membership": membership, "history": history,
        "rules": rule_words.describe(pool_queries.rules_of(pool), pool["currency"]),
    })


@member_required
async def edit_rules(request: Request) -> Response:
    """A steward changes the rules: a new version, announced to every active member."""
    db = request.state.db
    pool = await pool_or_404(request)
    steward = await steward_or_404(request, pool)
    action = f"/pools/{pool['slug']}/steward/rules"
    if request.method in ("GET", "HEAD"):
        values = values_from_rules(pool_queries.rules_of(pool)) | {"version": str(pool["rules_version"])}
        return render(request, "mutual_aid/pools/rules_edit.html", _form_context(Form(values), action=action, pool=pool))
    data = await request.form()
    form = pool_form(data, with_pool=False)
    form.values["version"] = str(data.get("version", ""))[:10]
    if not form.ok:
        return render(request, "mutual_aid/pools/rules_edit.html", _form_context(form, action=action, pool=pool),
                      status_code=400)
    rules = form.clean["rules"]
    if rules == pool_queries.rules_of(pool):
        return RedirectResponse(f"/pools/{pool['slug']}/rules?done=unchanged", status_code=303)
    seen = {**pool, "rules_version": int(form.values["version"])} if form.values["version"].isdigit() else pool
    now = utcnow()
    version = await pool_queries.change_rules(db, seen, rules, steward["member_id"], now)
    if version is None:
        fresh = await pool_or_404(request)
        form.values["version"] = str(fresh["rules_version"])
        return render(request, "mutual_aid/pools/rules_edit.html",
                      _form_context(form, action=action, pool=fresh, conflict=True), status_code=409)
    await record_audit(db, at=now, actor_id=steward["member_id"], subject_id=None, action="pool_rules_changed",
                       slug=pool["slug"], version=version)
    for member in await pool_queries.members_of(db, pool["id"]):
        await notify(db, request.state.keyring, member["member_id"], POOL_RULES_CHANGED,
                     link=f"/pools/{pool['slug']}/rules", pool=pool["name"])
    return RedirectResponse(f"/pools/{pool['slug']}/rules?done=changed", status_code=303)


routes: list[BaseRoute] = [
    Route("/pools", pool_list, methods=["GET"], name="pools"),
    Route("/pools/new", new_pool, methods=["GET", "POST"], name="pool_new"),
    Route("/pools/join/{code}", join_by_invite, methods=["GET", "POST"], name="pool_join_by_invite"),
    Route("/pools/{slug}/join", ask_to_join, methods=["GET", "POST"], name="pool_ask_to_join"),
    Route("/pools/{slug}/rules", rules_page, methods=["GET"], name="pool_rules"),
    Route("/pools/{slug}/steward/rules", edit_rules, methods=["GET", "POST"], name="pool_steward_rules"),
    *pool_member_routes.routes,
    *steward_routes.routes,
]

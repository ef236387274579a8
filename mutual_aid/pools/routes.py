"""Pools as members find, start and join them, and their rules: the list of pools, starting one,
joining by invitation or by asking, the rules with every earlier version, and a steward's rule
changes (each a new version, announced to every member).

Each page answers GET, and its one form posts to the same address.
"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from mutual_aid.pools import outcomes, rule_words, service
from mutual_aid.pools import queries as pool_queries
from mutual_aid.pools.access import membership_or_404, pool_or_404, steward_or_404
from mutual_aid.pools.forms import CURRENCIES, blank_values, pool_form, values_from_rules
from mutual_aid.pools.rules import from_json
from mutual_aid.vocabulary import ALLOCATION_RULES, CONTRIBUTION_KINDS, DECISION_METHODS, ROLES
from server.auth import current_member, me, member_required
from server.db import Row, utcnow
from server.fields import MAX_ID, parse_whole
from server.forms import Form
from server.outcomes import see_other
from server.templating import render


async def pool_list(request: Request) -> Response:
    """Open pools for anyone; a member also sees their own pools and their part in each."""
    db = request.state.db
    member = current_member(request)
    mine = await pool_queries.pools_of(db, member.id) if member else []
    mine_ids = {p["id"] for p in mine}
    others = [p for p in await pool_queries.open_pools(db) if p["id"] not in mine_ids]
    return render(request, "mutual_aid/pools/list.html", {"mine": mine, "others": others, "roles": ROLES})


def _form_context(form: Form, *, action: str, pool: Row | None = None, conflict: bool = False) -> dict[str, object]:
    return {
        "form": form, "action": action, "pool": pool, "conflict": conflict, "currencies": {code: code for code in CURRENCIES},
        "contribution_kinds": CONTRIBUTION_KINDS, "decision_methods": {k: v for k, v in DECISION_METHODS.items()
                                                                       if k != "automatic"},
        "allocation_rules": ALLOCATION_RULES,
    }


@member_required
async def new_pool(request: Request) -> Response:
    return render(request, "mutual_aid/pools/new.html", _form_context(Form(blank_values()), action="/pools/new"))


@member_required
async def start_pool(request: Request) -> Response:
    form = pool_form(await request.form())
    if not form.ok:
        return render(request, "mutual_aid/pools/new.html", _form_context(form, action="/pools/new"), status_code=400)
    slug = await service.start(request.state.db, form.clean, me(request).id, utcnow())
    return see_other(request, f"/pools/{slug}/steward", outcomes.STARTED)


async def _joining_page(request: Request, pool: Row, *, action: str, by_invite: bool) -> Response:
    membership = await pool_queries.membership(request.state.db, pool["id"], me(request).id)
    return render(request, "mutual_aid/pools/join.html", {
        "pool": pool, "rules": rule_words.describe(pool_queries.rules_of(pool), pool["currency"]),
        "action": action, "by_invite": by_invite, "membership": membership,
    })


async def _invited_pool(request: Request) -> tuple[Row, str]:
    """The open pool an invitation code names, and the code; 404 for a code no pool has."""
    code = str(request.path_params["code"])[:64]
    pool = await pool_queries.pool_by_invite(request.state.db, code)
    if pool is None:
        raise HTTPException(status_code=404)
    return pool, code


@member_required
async def invitation(request: Request) -> Response:
    """The invitation link: see the pool and its rules, then join at once."""
    pool, code = await _invited_pool(request)
    return await _joining_page(request, pool, action=f"/pools/join/{code}", by_invite=True)


@member_required
async def join_by_invitation(request: Request) -> Response:
    pool, _code = await _invited_pool(request)
    await service.join_by_invitation(request.state.db, pool, me(request).id, utcnow())
    return see_other(request, f"/pools/{pool['slug']}/me", outcomes.JOINED)


async def _open_pool(request: Request) -> Row:
    pool = await pool_or_404(request)
    if pool["status"] != "open":
        raise HTTPException(status_code=404)
    return pool


@member_required
async def joining(request: Request) -> Response:
    """Ask to join an open pool; its stewards approve or decline."""
    pool = await _open_pool(request)
    return await _joining_page(request, pool, action=f"/pools/{pool['slug']}/join", by_invite=False)


@member_required
async def ask_to_join(request: Request) -> Response:
    pool = await _open_pool(request)
    await service.ask_to_join(request.state.db, request.state.keyring, pool, me(request).id, utcnow())
    return see_other(request, "/pools", outcomes.ASKED_TO_JOIN)


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


def _rules_action(pool: Row) -> str:
    return f"/pools/{pool['slug']}/steward/rules"


@member_required
async def rules_form(request: Request) -> Response:
    """A steward changes the rules: the form, filled with the rules in force."""
    pool = await pool_or_404(request)
    await steward_or_404(request, pool)
    values = values_from_rules(pool_queries.rules_of(pool)) | {"version": str(pool["rules_version"])}
    return render(request, "mutual_aid/pools/rules_edit.html",
                  _form_context(Form(values), action=_rules_action(pool), pool=pool))


@member_required
async def change_rules(request: Request) -> Response:
    """A new version of the rules, announced to every active member."""
    pool = await pool_or_404(request)
    steward = await steward_or_404(request, pool)
    data = await request.form()
    form = pool_form(data, with_pool=False)
    form.values["version"] = str(data.get("version", ""))[:10]
    if not form.ok:
        return render(request, "mutual_aid/pools/rules_edit.html",
                      _form_context(form, action=_rules_action(pool), pool=pool), status_code=400)
    seen = parse_whole(form.values["version"], 0, MAX_ID)
    changed = await service.change_rules(request.state.db, request.state.keyring, pool, form.clean["rules"],
                                         steward["member_id"], utcnow(), seen_version=seen)
    if changed == "conflict":
        fresh = await pool_or_404(request)
        form.values["version"] = str(fresh["rules_version"])
        return render(request, "mutual_aid/pools/rules_edit.html",
                      _form_context(form, action=_rules_action(fresh), pool=fresh, conflict=True), status_code=409)
    outcome = outcomes.RULES_CHANGED if changed == "changed" else outcomes.RULES_UNCHANGED
    return see_other(request, f"/pools/{pool['slug']}/rules", outcome)


routes: list[BaseRoute] = [
    Route("/pools", pool_list, methods=["GET"], name="pools"),
    Route("/pools/new", new_pool, methods=["GET"], name="pool_new"),
    Route("/pools/new", start_pool, methods=["POST"], name="pool_start"),
    Route("/pools/join/{code}", invitation, methods=["GET"], name="pool_join_by_invite"),
    Route("/pools/join/{code}", join_by_invitation, methods=["POST"], name="pool_join_by_invitation"),
    Route("/pools/{slug}/join", joining, methods=["GET"], name="pool_ask_to_join"),
    Route("/pools/{slug}/join", ask_to_join, methods=["POST"], name="pool_asking_to_join"),
    Route("/pools/{slug}/rules", rules_page, methods=["GET"], name="pool_rules"),
    Route("/pools/{slug}/steward/rules", rules_form, methods=["GET"], name="pool_steward_rules"),
    Route("/pools/{slug}/steward/rules", change_rules, methods=["POST"], name="pool_change_rules"),
]

"""The creditor registry's pages: organizers search, edit, verify and merge creditors; anyone may
look a creditor up (a plain page, and the JSON that creditor-search.js turns into suggestions).
Each form posts to a route of its own and says what came of it on the creditor's page.

Organizer pages take every method and check the role first, so a member without the role gets
403 whatever they try, and an organizer gets 404 for an unknown creditor and 405 for a method
the page lacks.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from debts.creditors import queries, rules, service
from debts.creditors.checks import creditor_to_merge, refuse_a_taken_name, resolve_parent
from debts.creditors.forms import CreditorForm, creditor_form, merge_form, values_of
from debts.creditors.names import MAX_QUERY
from debts.creditors.outcomes import MERGED, SAVED, UNCHANGED, UNVERIFIED, VERIFIED
from debts.vocabulary import CREDITOR_KINDS
from server.auth import ANY_METHOD, Endpoint, current_member, me, role_required
from server.db import Row, utcnow
from server.fields import parse_whole
from server.forms import text
from server.i18n import ngettext
from server.outcomes import see_other
from server.templating import render
from server.throttle import lookups, minutes_to_wait, take_one

ORGANIZING_ROLES = ("organizer", "administrator")
PAGE_SIZE = 50
LAST_PAGE = 99_999
SUGGESTIONS = 8


def organizer_required(methods: Collection[str]) -> Callable[[Endpoint], Endpoint]:
    return role_required(*ORGANIZING_ROLES, methods=methods)


async def _creditor(request: Request) -> Row:
    creditor = await queries.creditor_by_id(request.state.db, request.path_params["creditor_id"])
    if creditor is None:
        raise HTTPException(status_code=404)
    return creditor


def _query(request: Request, name: str = "q", limit: int = MAX_QUERY) -> str:
    return text(request.query_params, name, limit)


# --- the registry ---------------------------------------------------------------------------


@organizer_required({"GET", "HEAD"})
async def registry(request: Request) -> Response:
    db = request.state.db
    search = _query(request)
    unverified_first = request.query_params.get("order") == "unverified"
    number = parse_whole(request.query_params.get("page"), 1, LAST_PAGE) or 1
    if search:
        rows = await queries.search(db, search, limit=PAGE_SIZE)
        if unverified_first:
            rows.sort(key=lambda r: r["verified"])
        more = False
    else:
        rows = await queries.registry_page(db, unverified_first=unverified_first, offset=(number - 1) * PAGE_SIZE,
                                           limit=PAGE_SIZE + 1)
        more, rows = len(rows) > PAGE_SIZE, rows[:PAGE_SIZE]
    return render(request, "debts/creditors/registry.html", {
        "search": search, "unverified_first": unverified_first, "creditors": rows, "page": number, "more": more,
        "counts": await queries.registry_counts(db), "kinds": CREDITOR_KINDS,
    })


# --- one creditor ---------------------------------------------------------------------------


async def _edit_page(request: Request, creditor: Row, form: CreditorForm, *, candidates: list[Row] | None = None,
                     status_code: int = 200) -> Response:
    db = request.state.db
    return render(request, "debts/creditors/edit.html", {
        "creditor": creditor, "form": form, "kinds": CREDITOR_KINDS, "parent_candidates": candidates,
        "children": await queries.children_of(db, creditor["id"]),
    }, status_code=status_code)


@organizer_required({"GET", "HEAD", "POST"})
async def creditor_page(request: Request) -> Response:
    db = request.state.db
    creditor = await _creditor(request)
    if request.method != "POST":
        parent = await queries.creditor_by_id(db, creditor["parent_id"]) if creditor["parent_id"] else None
        form = CreditorForm(values_of(creditor, await queries.aliases_of(db, creditor["id"]),
                                      parent["name"] if parent else "", queries.address_of(creditor)))
        return await _edit_page(request, creditor, form)
    form = creditor_form(await request.form(), utcnow().date())
    candidates = await resolve_parent(db, creditor, form)
    await refuse_a_taken_name(db, creditor, form)
    if not form.ok:
        return await _edit_page(request, creditor, form, candidates=candidates, status_code=400)
    changed = await service.save_edit(db, creditor, form.clean, actor_id=me(request).id, now=utcnow())
    return see_other(request, f"/organize/creditors/{creditor['id']}", SAVED if changed else UNCHANGED)


async def _mark(request: Request, verified: bool) -> Response:
    creditor = await _creditor(request)
    await service.mark_verified(request.state.db, creditor, verified, actor_id=me(request).id, now=utcnow())
    return see_other(request, f"/organize/creditors/{creditor['id']}", VERIFIED if verified else UNVERIFIED)


@organizer_required({"POST"})
async def verify(request: Request) -> Response:
    return await _mark(request, True)


@organizer_required({"POST"})
async def unverify(request: Request) -> Response:
    return await _mark(request, False)


@organizer_required({"GET", "HEAD", "POST"})
async def merge_page(request: Request) -> Response:
    db = request.state.db
    creditor = await _creditor(request)
    if request.method != "POST":
        search = _query(request)
        return await _merge_page(request, creditor, {"q": search, "other": "", "direction": "into_this"}, {})
    form = merge_form(await request.form())
    other = await creditor_to_merge(db, creditor, form)
    if other is None:
        return await _merge_page(request, creditor, form.values, form.errors, status_code=400)
    keep, duplicate = rules.kept_and_merged(creditor, other, form.values["direction"])
    domains = request.state.domains
    await service.merge(db, keep=keep, duplicate=duplicate, actor_id=me(request).id, now=utcnow(),
                        references=domains.creditor_references, watchers=domains.merge_watchers)
    return see_other(request, f"/organize/creditors/{keep['id']}", MERGED)


async def _merge_page(request: Request, creditor: Row, values: dict[str, str], errors: dict[str, str], *,
                      status_code: int = 200) -> Response:
    db = request.state.db
    found = await queries.search(db, values["q"], limit=20) if values["q"] else []
    found = [f for f in found if f["id"] != creditor["id"]]
    return render(request, "debts/creditors/merge.html", {
        "creditor": creditor, "values": values, "errors": errors, "found": found, "kinds": CREDITOR_KINDS,
    }, status_code=status_code)


# --- look-up for everyone -------------------------------------------------------------------


async def _wait(request: Request) -> int:
    """Each look-up counts against the asking address: 0, or seconds to wait (docs/debts.md)."""
    state = request.state
    address = request.client.host if request.client else "unknown"
    return await take_one(state.db, state.settings, lookups(state.settings), address, utcnow())


async def public_search(request: Request) -> Response:
    search = _query(request)
    member = current_member(request)
    organizer = member is not None and any(member.has_role(role) for role in ORGANIZING_ROLES)
    context: dict[str, Any] = {"search": search, "found": [], "kinds": CREDITOR_KINDS, "organizer": organizer,
                               "too_many": ""}
    if search and (wait := await _wait(request)):
        context["too_many"] = ngettext(
            "You have looked up many creditors in a short time. Wait %(num)d minute and try again.",
            "You have looked up many creditors in a short time. Wait %(num)d minutes and try again.",
            minutes_to_wait(wait))
        return render(request, "debts/creditors/search.html", context, status_code=429,
                      headers={"retry-after": str(wait)})
    context["found"] = await queries.search(request.state.db, search, limit=20) if search else []
    return render(request, "debts/creditors/search.html", context)


async def suggest(request: Request) -> Response:
    """JSON for creditor-search.js: at most 8 creditors for the text typed so far; 429 with
    Retry-After when this address has looked up too many."""
    search = _query(request)
    if search and (wait := await _wait(request)):
        return JSONResponse({"results": [], "retry_after": wait}, status_code=429, headers={"retry-after": str(wait)})
    found = await queries.search(request.state.db, search, limit=SUGGESTIONS) if search else []
    results: list[dict[str, Any]] = [
        {"id": f["id"], "name": f["name"], "kind": f["kind"], "verified": f["verified"]} for f in found
    ]
    return JSONResponse({"results": results})


routes = [
    Route("/organize/creditors", registry, methods=ANY_METHOD, name="creditor_registry"),
    Route("/organize/creditors/{creditor_id:int}", creditor_page, methods=ANY_METHOD, name="creditor_edit"),
    Route("/organize/creditors/{creditor_id:int}/verify", verify, methods=ANY_METHOD, name="creditor_verify"),
    Route("/organize/creditors/{creditor_id:int}/unverify", unverify, methods=ANY_METHOD, name="creditor_unverify"),
    Route("/organize/creditors/{creditor_id:int}/merge", merge_page, methods=ANY_METHOD, name="creditor_merge"),
    Route("/creditors/search", public_search, name="creditor_search"),
    Route("/creditors/suggest", suggest, name="creditor_suggest"),
]

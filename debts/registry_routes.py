"""The creditor registry's pages: organizers search, edit, verify and merge creditors; anyone may
look a creditor up (a plain page, and the JSON that creditor-search.js turns into suggestions).

Organizer pages take every method and check the role first, so a member without the role gets
403 whatever they try, and an organizer gets 404 for an unknown creditor and 405 for a method
the page lacks.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from debts import registry_queries as queries
from debts.registry import MAX_QUERY, name_key
from debts.registry_forms import CreditorForm, comparable_address, creditor_form, merge_form, values_of
from debts.vocabulary import CREDITOR_KINDS
from server.audit import record_audit
from server.auth import Endpoint, current_member, me, role_required
from server.db import Database, Row, utcnow
from server.forms import text
from server.i18n import gettext as _
from server.templating import render

ORGANIZING_ROLES = ("organizer", "administrator")
ANY_METHOD = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"]
PAGE_SIZE = 50
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
    page = request.query_params.get("page", "1")
    number = int(page) if page.isdigit() and 0 < len(page) < 6 else 1
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
        "done": request.query_params.get("done", "") if request.method == "GET" else "",
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
    form = creditor_form(await request.form())
    candidates = await _resolve_parent(db, creditor, form)
    twin = await queries.name_taken(db, name_key(form.clean["name"]), except_id=creditor["id"])
    if "name" not in form.errors and twin is not None:
        form.errors["name"] = _("%(name)s already has this name. If they are the same creditor, merge the two.",
                                name=twin["name"])
    if not form.ok:
        return await _edit_page(request, creditor, form, candidates=candidates, status_code=400)
    changed = await _changes(db, creditor, form)
    if not changed:
        return RedirectResponse(f"/organize/creditors/{creditor['id']}?done=unchanged", status_code=303)
    clean = form.clean
    await queries.update_creditor(
        db, creditor["id"], clean["aliases"], name=clean["name"], kind=clean["kind"], parent_id=clean["parent_id"],
        note=clean["note"], address=queries.address_text(clean["address"]),
        address_checked_on=clean["address_checked_on"],
    )
    await record_audit(db, at=utcnow(), actor_id=me(request).id, subject_id=None, action="creditor_edit",
                       creditor_id=creditor["id"], name=clean["name"], fields=changed)
    return RedirectResponse(f"/organize/creditors/{creditor['id']}?done=saved", status_code=303)


async def _resolve_parent(db: Database, creditor: Row, form: CreditorForm) -> list[Row] | None:
    """Set `form.clean["parent_id"]` from the typed parent company, or add an error and return
    the creditors to choose from. A choice counts only if it is among the matches for the text
    now in the field, so a forged id cannot attach another creditor."""
    form.clean["parent_id"] = None
    typed, choice = form.values["parent"], form.values["parent_choice"]
    if not typed:
        return None
    matches = [m for m in await queries.search(db, typed) if m["id"] != creditor["id"]]
    chosen = next((m for m in matches if str(m["id"]) == choice), None)
    exact = [m for m in matches if m["exact"]]
    if chosen is None and not choice and len(exact) == 1:
        chosen = exact[0]
    if chosen is None:
        form.values["parent_choice"] = ""
        if choice:
            form.errors["parent"] = _("Choose one of the creditors listed under the parent company.")
        elif matches:
            form.errors["parent"] = _("Several creditors match. Choose the parent company below.")
        else:
            form.errors["parent"] = _("No creditor in the registry has that name. Add the parent company first.")
        return exact or matches
    if creditor["id"] in await queries.ancestors(db, chosen["id"]):
        form.errors["parent"] = _("%(name)s is already owned by this creditor, so it cannot be its parent.",
                                  name=chosen["name"])
        return None
    form.values["parent"], form.values["parent_choice"] = chosen["name"], str(chosen["id"])
    form.clean["parent_id"] = chosen["id"]
    return None


async def _changes(db: Database, creditor: Row, form: CreditorForm) -> list[str]:
    clean = form.clean
    saved = {
        "name": creditor["name"], "kind": creditor["kind"], "parent_id": creditor["parent_id"],
        "note": creditor["note"], "address": comparable_address(queries.address_of(creditor)),
        "address_checked_on": creditor["address_checked_on"],
        "aliases": sorted(a["alias"] for a in await queries.aliases_of(db, creditor["id"])),
    }
    typed = {**{name: clean[name] for name in saved}, "aliases": sorted(clean["aliases"])}
    return sorted(name for name in saved if saved[name] != typed[name])


@organizer_required({"POST"})
async def verify(request: Request) -> Response:
    creditor = await _creditor(request)
    verified = text(await request.form(), "verified", 5) != "no"
    if verified != creditor["verified"]:
        db = request.state.db
        await queries.set_verified(db, creditor["id"], verified)
        await record_audit(db, at=utcnow(), actor_id=me(request).id, subject_id=None, action="creditor_verify",
                           creditor_id=creditor["id"], name=creditor["name"], verified=verified)
    done = "verified" if verified else "unverified"
    return RedirectResponse(f"/organize/creditors/{creditor['id']}?done={done}", status_code=303)


@organizer_required({"GET", "HEAD", "POST"})
async def merge_page(request: Request) -> Response:
    db = request.state.db
    creditor = await _creditor(request)
    if request.method != "POST":
        search = _query(request)
        return await _merge_page(request, creditor, {"q": search, "other": "", "direction": "into_this"}, {})
    form = merge_form(await request.form())
    other = await queries.creditor_by_id(db, form.other_id) if form.other_id else None
    if form.other_id is not None and (other is None or other["id"] == creditor["id"]):
        form.errors["other"] = _("Choose another creditor from the list: that one cannot be merged with this one.")
    if not form.ok or other is None:
        return await _merge_page(request, creditor, form.values, form.errors, status_code=400)
    keep, duplicate = (creditor, other) if form.values["direction"] == "into_this" else (other, creditor)
    domains = request.state.domains
    await queries.merge(db, keep=keep, duplicate=duplicate, actor_id=me(request).id, now=utcnow(),
                        references=domains.creditor_references, watchers=domains.merge_watchers)
    return RedirectResponse(f"/organize/creditors/{keep['id']}?done=merged", status_code=303)


async def _merge_page(request: Request, creditor: Row, values: dict[str, str], errors: dict[str, str], *,
                      status_code: int = 200) -> Response:
    db = request.state.db
    found = await queries.search(db, values["q"], limit=20) if values["q"] else []
    found = [f for f in found if f["id"] != creditor["id"]]
    return render(request, "debts/creditors/merge.html", {
        "creditor": creditor, "values": values, "errors": errors, "found": found, "kinds": CREDITOR_KINDS,
    }, status_code=status_code)


# --- look-up for everyone -------------------------------------------------------------------


async def public_search(request: Request) -> Response:
    search = _query(request)
    found = await queries.search(request.state.db, search, limit=20) if search else []
    member = current_member(request)
    organizer = member is not None and any(member.has_role(role) for role in ORGANIZING_ROLES)
    return render(request, "debts/creditors/search.html",
                  {"search": search, "found": found, "kinds": CREDITOR_KINDS, "organizer": organizer})


async def suggest(request: Request) -> Response:
    """JSON for creditor-search.js: at most 8 creditors for the text typed so far."""
    search = _query(request)
    found = await queries.search(request.state.db, search, limit=SUGGESTIONS) if search else []
    results: list[dict[str, Any]] = [
        {"id": f["id"], "name": f["name"], "kind": f["kind"], "verified": f["verified"]} for f in found
    ]
    return JSONResponse({"results": results})


routes = [
    Route("/organize/creditors", registry, methods=ANY_METHOD, name="creditor_registry"),
    Route("/organize/creditors/{creditor_id:int}", creditor_page, methods=ANY_METHOD, name="creditor_edit"),
    Route("/organize/creditors/{creditor_id:int}/verify", verify, methods=ANY_METHOD, name="creditor_verify"),
    Route("/organize/creditors/{creditor_id:int}/merge", merge_page, methods=ANY_METHOD, name="creditor_merge"),
    Route("/creditors/search", public_search, name="creditor_search"),
    Route("/creditors/suggest", suggest, name="creditor_suggest"),
]

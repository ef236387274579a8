"""The member's debt vault: list, add, see, edit and delete their own debts. Nobody else's.
Each form says what came of it on the page it leads to."""

from __future__ import annotations

from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from debts.vault import queries, sealing, service
from debts.vault.creditor_choice import CreditorChoices, resolve_creditors
from debts.vault.forms import CREDITOR_FIELDS, DebtForm, debt_form, values_from_debt
from debts.vault.outcomes import ADDED, DELETED, SAVED
from debts.vault.rules import totals_by_kind
from debts.vocabulary import CREDITOR_KINDS, CURRENCIES, DEBT_KINDS, EXPERIENCES, STATUSES, US_REGIONS
from server.auth import ANY_METHOD, FORM, READ, me, member_required, owner_only
from server.db import Row, utcnow
from server.fields import is_id
from server.outcomes import see_other
from server.security import LARGE_FORM_BYTES
from server.templating import render


async def _own_debt(request: Request) -> Row:
    """The debt in the URL if it is the member's; 404 otherwise (never 403: ids reveal nothing)."""
    debt_id = request.path_params["debt_id"]
    debt = await queries.debt_of(request.state.db, me(request).id, debt_id) if is_id(debt_id) else None
    if debt is None:
        raise HTTPException(status_code=404)
    return debt


def _form_context(form: DebtForm, choices: CreditorChoices | None = None, **extra: Any) -> dict[str, Any]:
    choices = choices or CreditorChoices()
    return {
        "form": form, "candidates": choices.candidates, "creditor_notes": choices.notes, "new_kinds": choices.new_kinds,
        "kinds": DEBT_KINDS, "statuses": STATUSES, "experiences": EXPERIENCES, "currencies": {code: code for code in CURRENCIES},
        "regions": US_REGIONS, "creditor_kinds": CREDITOR_KINDS, **extra,
    }


@member_required
async def debt_list(request: Request) -> Response:
    rows = await queries.debts_of(request.state.db, me(request).id)
    return render(request, "debts/vault/list.html", {"debts": rows, "totals": totals_by_kind(rows), "kinds": DEBT_KINDS,
                                                     "statuses": STATUSES})


async def _checked(request: Request) -> tuple[DebtForm, CreditorChoices]:
    data = await request.form(max_part_size=LARGE_FORM_BYTES)
    form = debt_form(data, utcnow().date())
    new_kinds = {name: str(data.get(f"{name}_new_kind") or "") for name in CREDITOR_FIELDS}
    choices = await resolve_creditors(request.state.db, form, new_kinds)
    return form, choices


@member_required
async def add_debt(request: Request) -> Response:
    if request.method == "GET":
        form = DebtForm({"currency": "USD", "experiences": []})
        return render(request, "debts/vault/form.html", _form_context(form, action="/debts/new"))
    form, choices = await _checked(request)
    if not form.ok or choices.waiting:
        return render(request, "debts/vault/form.html", _form_context(form, choices, action="/debts/new"), status_code=400)
    member = me(request)
    values = sealing.sealed_values(form, member)
    debt_id = await queries.create_debt(request.state.db, member.id, values, utcnow())
    return see_other(request, f"/debts/{debt_id}", ADDED)


@member_required
async def show_debt(request: Request) -> Response:
    """The debt, then what can be done about it: each domain's section (the letters that fit and
    their deadlines, the time limits, the campaigns that target its creditor), in domain order."""
    debt, member, state = await _own_debt(request), me(request), request.state
    account_number, notes = sealing.opened_fields(debt, member)
    today = utcnow().date()
    sections = [card for section in state.domains.debt_sections
                if (card := await section(state.db, member, debt, today)) is not None]
    return render(request, "debts/vault/detail.html", {
        "debt": debt, "account_number": account_number, "notes": notes, "sections": sections,
        "history": await queries.history_of(state.db, debt["id"]),
        "kinds": DEBT_KINDS, "statuses": STATUSES, "experiences": EXPERIENCES, "regions": US_REGIONS,
    })


@member_required
async def edit_debt(request: Request) -> Response:
    debt = await _own_debt(request)
    action = f"/debts/{debt['id']}/edit"
    if request.method == "GET":
        account_number, notes = sealing.opened_fields(debt, me(request))
        form = DebtForm(values_from_debt(debt, account_number, notes))
        return render(request, "debts/vault/form.html", _form_context(form, action=action, debt=debt))
    form, choices = await _checked(request)
    if not form.ok or choices.waiting:
        return render(request, "debts/vault/form.html", _form_context(form, choices, action=action, debt=debt),
                      status_code=400)
    member, state = me(request), request.state
    await service.save_changes(state.db, member.id, debt, sealing.sealed_values(form, member), utcnow(),
                               state.keyring, state.domains.debt_watchers)
    return see_other(request, f"/debts/{debt['id']}", SAVED)


@member_required
async def delete_debt(request: Request) -> Response:
    debt = await _own_debt(request)
    if request.method == "GET":
        return render(request, "debts/vault/delete.html", {"debt": debt, "kinds": DEBT_KINDS})
    state = request.state
    await service.delete(state.db, me(request).id, debt["id"], state.keyring, state.domains.debt_watchers)
    return see_other(request, "/debts", DELETED)


routes = [
    Route("/debts", debt_list, name="debts"),
    Route("/debts/new", add_debt, methods=["GET", "POST"], name="debt_new"),
    Route("/debts/{debt_id:int}", owner_only(READ, _own_debt, show_debt), methods=ANY_METHOD, name="debt"),
    Route("/debts/{debt_id:int}/edit", owner_only(FORM, _own_debt, edit_debt), methods=ANY_METHOD, name="debt_edit"),
    Route("/debts/{debt_id:int}/delete", owner_only(FORM, _own_debt, delete_debt), methods=ANY_METHOD,
          name="debt_delete"),
]

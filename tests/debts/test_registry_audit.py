"""Registry changes, as the audit log tells them."""

from __future__ import annotations


def test_registry_changes_read_as_sentences_in_the_audit_log() -> None:
    from accounts.audit_words import describe

    merge = {"action": "creditor_merge", "actor": "ana", "subject": None,
             "detail": '{"kept_name": "Navient", "merged_name": "Naveint Inc", "kept_id": 1, "merged_id": 2}'}
    assert describe(merge) == "ana merged the creditor Naveint Inc into Navient."

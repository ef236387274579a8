"""Helpers that build what tests need (members, debts, campaigns, letters, pools) and read what
pages show, shared by test modules: one module per domain, so each can grow on its own.

- accounts: members and their roles, administrators, keys, a member's data and its erasure;
- debts: a debt added through the pages;
- campaigns: campaigns, pledgers and pledges, in storage or through the pages, and the campaign clock;
- letters: a letter written through the pages;
- mutual_aid: pools, contributions, aid requests and payouts, in storage or through the pages;
- pages: reading a response (its text, its main part, money as shown, security headers).

A helper used by one test module only stays in that module.
"""

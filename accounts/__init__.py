"""Accounts: joining, logging in, recovering an account, its settings, a member's own data
(download, access log, erasure) and the administrators' roles page."""

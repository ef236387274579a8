"""Accounts: joining, logging in, recovering an account (`membership`), its settings (`settings`),
a member's own data: download, access log, erasure (`my_data`), and the administrators' roles page
and `jubilee admin create` (`admin`)."""

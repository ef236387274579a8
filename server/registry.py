"""The domains of Jubilee, in order: the one place in the shell that names them.

The app's routes and templates, the maintenance jobs, the demo's steps, the home page's cards,
members' downloads and erasure, the `jubilee` commands: all come from this list, in this order.
The vault comes before the domains that read it (the demo makes debts before campaigns join with
them); nothing else depends on the order.
"""

from __future__ import annotations

from accounts.domain import DOMAIN as ACCOUNTS
from campaigns.domain import DOMAIN as CAMPAIGNS
from debts.domain import DOMAIN as DEBTS
from letters.domain import DOMAIN as LETTERS
from mutual_aid.domain import DOMAIN as MUTUAL_AID
from notifications.domain import DOMAIN as NOTIFICATIONS
from server.domain import Domains

DOMAINS = Domains([ACCOUNTS, NOTIFICATIONS, DEBTS, LETTERS, MUTUAL_AID, CAMPAIGNS])

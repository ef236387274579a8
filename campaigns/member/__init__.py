"""A member's campaign pages: the list, joining, and their own page of a campaign (`/campaigns/{slug}/me`)
with their debts, reports, announcements and the letter to sign."""

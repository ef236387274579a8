"""A member's letters after writing them: the list, each letter's page (its preview and PDF, when
and how it was sent, its deadline with the rule in words, the response), the next deadlines on the
home page, and the reminders before each."""

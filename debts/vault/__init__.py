"""The member's private vault of debts: list, add, see, edit and delete their own debts; the
watchers told of each change; the account number and notes sealed with the member's own key."""

"""The organizer's pages of campaigns: the list, creating and editing, opening and closing; who may use them."""

"""The confirmation pages in front of a campaign's changes of status (see `routes`)."""

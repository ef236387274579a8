"""The public registry of creditors: look-up by name for everyone, members' proposals, and the
organizers' pages to edit, verify and merge creditors."""

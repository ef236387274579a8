"""Announcements to a campaign's members: the organizer's page, and their delivery over the next minutes."""

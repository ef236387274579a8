"""Administrators: the roles page (giving and removing roles, the site-wide audit log) and
`jubilee admin create`."""

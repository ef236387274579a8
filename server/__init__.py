"""The shell of Jubilee: app factory, settings, database, accounts, security, i18n and the CLI."""

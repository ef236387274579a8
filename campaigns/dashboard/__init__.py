"""An organizer's figures of a campaign: the dashboard and its CSV, small groups hidden."""

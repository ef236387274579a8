"""Every figure about more than one member goes through here before anyone but that member sees
it: small groups hidden (`suppression`), and published copies that move only in steps of k
members (`publication`)."""

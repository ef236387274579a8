"""Every figure about more than one member goes through here before anyone but that member sees
it: small groups hidden (`suppression`), and published copies that move only in steps of k
members (`publication`).

Coming (issue 12), not yet used by pages: figures released on the clock (`schedule`) with
differential-privacy noise from OpenDP (`noise`), running totals through a binary tree (`tree`),
the ε per year and per release (`budget`), one call per release (`release`), post-processing
(`shaping`) and the words for approximate figures (`wording`)."""

"""Every figure about more than one member goes through here before anyone but that member sees
it: released on the clock (`schedule`), made by the maintenance loop one period at a time
(`continual`, kept by `store`), with differential-privacy noise from OpenDP (`noise`) on running
totals through a binary tree (`tree`), within the ε per year and per release (`budget`, `release`);
pages read releases (`publication`), shape them (`shaping`) and word them (`wording`)."""

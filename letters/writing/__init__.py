"""Writing a letter from a debt: the letters of the catalogue that fit it, a form filled in from
the vault, and the letter's record, sealed with the member's own key. The letter's own page, with
its preview and PDF, is the tracking's (`letters.tracking`)."""

"""Approximate figures in words, in English and Spanish (issue 12)."""

from __future__ import annotations

from server.disclosure import wording
from server.i18n import using_language


def test_an_approximate_count_is_rounded_to_what_the_noise_allows_and_says_its_margin() -> None:
    assert wording.rounded(1234, 57) == (1230, 60)
    assert wording.rounded(1234, 140) == (1200, 200)
    assert wording.rounded(3, 8) == (3, 8)
    assert wording.rounded(-4, 8) == (0, 8)
    with using_language("en"):
        assert wording.about_members(1234, 140) == "about 1,200 (give or take 200)"
        assert wording.about_amount(2_345_678, 61_000) == "about $2,350,000 (give or take $70,000)"
        assert "19 times out of 20" in wording.margin_sentence()


def test_the_approximate_figures_read_in_spanish() -> None:
    with using_language("es"):
        assert wording.about_members(1234, 140) == "unos 1,200 (200 más o menos)"
        assert wording.about_amount(2_345_678, 61_000).startswith("unos $2,350,000")
        assert "19 veces de cada 20" in wording.margin_sentence()


def test_an_upper_end_is_rounded_up_never_down() -> None:
    from server.disclosure.wording import rounded_up

    assert rounded_up(138, 138) == 200  # "fewer than about 200", not "about 100"
    assert rounded_up(100, 138) == 100 and rounded_up(0, 5) == 0 and rounded_up(1_501, 2_000) == 2_000

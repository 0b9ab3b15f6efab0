"""bench/ablation.py: disabling one rule changes only that rule, probes change nothing."""

from __future__ import annotations

from bench import ablation
from newsscraper import extract_article
from newsscraper.extraction import body, body_blocks, cleaning

PROSE = (
    "<p>The harbour board met on Tuesday evening to settle the question of the old ferry pier, "
    "which has stood empty since the storm of {n}. Members heard from residents and traders.</p>"
)
PAGE = (
    "<html><head><title>Pier plans</title></head><body><article><h1>Pier plans</h1>"
    + "".join(PROSE.format(n=n) for n in range(1990, 1996))
    + "<p><a href='/a'>Ferry timetable for the winter</a> · <a href='/b'>Parking near the harbour</a></p>"
    + "".join(PROSE.format(n=n) for n in range(1996, 1999))
    + "</article></body></html>"
).encode()


def _body() -> str:
    return extract_article(PAGE, url="https://example.org/pier").articleBody


def _patched_state() -> tuple[object, ...]:
    """What the ablations patch, to check that each one puts it back."""
    return (
        body_blocks.BLOCK_RULES,
        body_blocks._RULES_BY_SIZE,
        body_blocks.BOX_RULES,
        cleaning._drop,
        cleaning._collapsed_panel,
        body._spread_region,
        body.RUN_GAIN,
        body.mark_signatures,
        body._teaser_list,
        body.drop_extra_prices,
        body._repeated_shape,
    )


def test_every_rule_is_restored_after_disable_and_probe() -> None:
    state = _patched_state()
    for ab in ablation.ablations():
        with ab.disable():
            pass
        with ab.probe():
            pass
    assert _patched_state() == state


def test_probes_change_nothing_and_note_the_rules_that_acted() -> None:
    plain = _body()
    ablation._BY_NAME.update((ab.name, ab) for ab in ablation.ablations())
    try:
        ablation.FIRED.clear()
        with ablation._all_probes():
            probed = _body()
        assert probed == plain
        assert "link-list" in ablation.FIRED
        assert "headline-h1" in ablation.FIRED
        assert "copyright" not in ablation.FIRED
    finally:
        ablation._BY_NAME.clear()


def test_disabling_a_rule_brings_back_what_it_dropped() -> None:
    assert "Ferry timetable" not in _body()
    link_list = next(ab for ab in ablation.ablations() if ab.name == "link-list")
    with link_list.disable():
        assert "Ferry timetable" in _body()
    assert "Ferry timetable" not in _body()


def test_no_disabled_rule_empties_a_page_it_cannot_empty() -> None:
    # the extractor's last-resort guard turns a TypeError into an empty body, so a patch whose
    # signature no longer fits the stage it replaces would pass unseen as a rule that "helps"
    emptied = []
    for ab in ablation.ablations():
        with ab.disable():
            if not _body():
                emptied.append(ab.name)
    assert emptied == []

"""The crawl's garbage-collector settings (``newsscraper.extensions.gctuning``)."""

from __future__ import annotations

import gc
import weakref

import pytest
from scrapy.exceptions import NotConfigured
from scrapy.utils.test import get_crawler

from newsscraper import settings as project_settings
from newsscraper.extensions.gctuning import GEN0_THRESHOLD, GcTuning


class _Node:
    def __init__(self) -> None:
        self.other: _Node | None = None


def test_the_objects_of_the_start_are_frozen_while_the_spider_runs_and_given_back_after() -> None:
    before = gc.get_threshold()
    tuning = GcTuning()
    tuning.spider_opened()
    try:
        assert gc.get_freeze_count() > 0
        assert gc.get_threshold() == (GEN0_THRESHOLD, *before[1:])
    finally:
        tuning.spider_closed()
    assert gc.get_freeze_count() == 0
    assert gc.get_threshold() == before


def test_a_cycle_made_during_the_crawl_is_still_collected() -> None:
    tuning = GcTuning()
    tuning.spider_opened()
    try:
        a, b = _Node(), _Node()
        a.other, b.other = b, a
        gone = weakref.ref(a)
        del a, b
        gc.collect()
        assert gone() is None
    finally:
        tuning.spider_closed()


def test_a_higher_threshold_set_by_the_user_is_kept() -> None:
    before = gc.get_threshold()
    gc.set_threshold(GEN0_THRESHOLD * 2, *before[1:])
    tuning = GcTuning()
    try:
        tuning.spider_opened()
        assert gc.get_threshold()[0] == GEN0_THRESHOLD * 2
        tuning.spider_closed()
    finally:
        gc.set_threshold(*before)


def test_on_by_default_and_switched_off_by_its_setting() -> None:
    assert project_settings.NEWSSCRAPER_GC_TUNING_ENABLED
    assert "newsscraper.extensions.gctuning.GcTuning" in project_settings.EXTENSIONS
    crawler = get_crawler(settings_dict={"NEWSSCRAPER_GC_TUNING_ENABLED": False})
    with pytest.raises(NotConfigured):
        GcTuning.from_crawler(crawler)

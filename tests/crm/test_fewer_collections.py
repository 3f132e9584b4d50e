import gc
import threading

from leadwell.lib.collector import IMPORT_THRESHOLD, fewer_collections


def test_an_import_collects_less_often_and_leaves_the_thresholds_as_it_found_them():
    before = gc.get_threshold()
    with fewer_collections():
        assert gc.get_threshold()[0] == max(before[0], IMPORT_THRESHOLD)
        assert gc.get_threshold()[1:] == before[1:]
    assert gc.get_threshold() == before


def test_overlapping_imports_restore_the_thresholds_only_when_the_last_one_ends():
    before = gc.get_threshold()
    first_in, second_done = threading.Event(), threading.Event()
    during_first: list[tuple[int, int, int]] = []

    def first():
        with fewer_collections():
            first_in.set()
            second_done.wait(5)
            during_first.append(gc.get_threshold())

    thread = threading.Thread(target=first)
    thread.start()
    first_in.wait(5)
    with fewer_collections():
        pass
    second_done.set()
    thread.join(5)
    assert during_first == [(max(before[0], IMPORT_THRESHOLD), *before[1:])]
    assert gc.get_threshold() == before


def test_an_error_inside_still_restores_the_thresholds():
    before = gc.get_threshold()
    try:
        with fewer_collections():
            raise RuntimeError("the import failed")
    except RuntimeError:
        pass
    assert gc.get_threshold() == before

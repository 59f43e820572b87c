"""URLs: the one mapping of paths to URLs, and a purge that names whole folders."""

from __future__ import annotations

from generator.core.urls import file_url, folders_of, page_path, wholly_changed_folders

EVERY = [
    "index.html",
    "search/name/0.json",
    "search/name/1.json",
    "search/code/0.json",
    "search/code/1.json",
    "penalties/a/index.html",
    "penalties/b/index.html",
    "penalties/index.html",
]


def test_a_path_and_its_url_map_both_ways() -> None:
    for url in ("/", "/penalties/", "/entity/91360403MA35F0Q14W/"):
        assert file_url(page_path(url)) == url
    assert file_url("search/meta.json") == "/search/meta.json"


def test_folders_are_named_from_the_outermost() -> None:
    assert folders_of("a/b/c.json") == ["", "a/", "a/b/"]
    assert folders_of("index.html") == [""]


def test_a_folder_is_named_only_when_every_file_in_it_changed() -> None:
    changed = ["search/name/0.json", "search/name/1.json", "search/code/0.json"]
    folders, files = wholly_changed_folders([*changed, "penalties/a/index.html"], EVERY)
    assert folders == ("search/name/",)  # search/code/1.json did not change: not search/
    assert files == ("penalties/a/index.html", "search/code/0.json")


def test_the_outermost_wholly_changed_folder_covers_the_ones_inside() -> None:
    changed = [p for p in EVERY if p.startswith("search/")]
    assert wholly_changed_folders(changed, EVERY) == (("search/",), ())
    assert wholly_changed_folders(EVERY, EVERY) == (("",), ())


def test_a_removed_file_counts_as_changed_and_a_page_folder_stays_a_page() -> None:
    # penalties/b/ is a page (one file): its URL, not a folder; a removed file is a change
    folders, files = wholly_changed_folders(["penalties/b/index.html"], EVERY)
    assert folders == () and files == ("penalties/b/index.html",)
    gone = ["search/name/2.json"]
    assert wholly_changed_folders(gone, [*EVERY, *gone])[1] == ("search/name/2.json",)

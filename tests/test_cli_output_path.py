"""An output path that cannot be written (a folder, a path under a file, a folder where no file can
be made, a device for the crawl's renamed output) is misuse: ``crawl``, ``fetch`` and ``extract``
exit 2 with a one-line reason before anything starts, and leave no file behind."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from newsscraper.cli import main

PAGE = (
    "<html><head><title>City rebuilds the bridge</title></head><body><article><h1>City rebuilds the bridge"
    "</h1>" + "<p>The council voted on Tuesday to rebuild the old bridge, after years of debate.</p>" * 4
    + "</article></body></html>"
)  # fmt: skip


@pytest.fixture
def no_crawl(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if a crawl or the demo server would start (the check must come first)."""
    import newsscraper.cli
    import newsscraper.crawl.runner

    def started(*args: object, **kwargs: object) -> None:
        raise AssertionError("the crawl started")

    monkeypatch.setattr(newsscraper.crawl.runner, "run_crawl", started)
    monkeypatch.setattr(newsscraper.cli, "_start_demo", started)


def _files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def _one_line_reason(err: str, *words: str) -> None:
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    assert all(word in err for word in words), err


# a loopback discard port: even if the check regressed, nothing would leave the machine
COMMANDS = {
    "crawl": ["crawl", "--demo"],
    "fetch": ["fetch", "http://127.0.0.1:9/"],
    "extract": ["extract", "PAGE"],
}


def _argv(command: str, folder: Path) -> list[str]:
    """``COMMANDS[command]`` with ``PAGE`` standing for a page written into ``folder``."""
    page = folder / "page.html"
    page.write_text(PAGE, "utf-8")
    return [str(page) if a == "PAGE" else a for a in COMMANDS[command]]


@pytest.mark.usefixtures("no_crawl")
@pytest.mark.parametrize("command", COMMANDS)
def test_output_that_is_a_folder_is_misuse(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = _argv(command, tmp_path)
    folder = tmp_path / "somefolder"
    folder.mkdir()
    before = _files(tmp_path)
    assert main([*argv, "-o", str(folder)]) == 2
    _one_line_reason(capsys.readouterr().err, f"-o {folder} is a folder")
    assert _files(tmp_path) == before  # no somefolder.tmp, somefolder.part


@pytest.mark.usefixtures("no_crawl")
@pytest.mark.parametrize("command", COMMANDS)
def test_output_under_a_file_is_misuse(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = _argv(command, tmp_path)
    before = _files(tmp_path)
    out = tmp_path / "page.html" / "sub" / "out.jsonl"
    assert main([*argv, "-o", str(out)]) == 2
    _one_line_reason(capsys.readouterr().err, f"-o {out}", "is a file, not a folder")
    assert _files(tmp_path) == before


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux /proc")
@pytest.mark.usefixtures("no_crawl")
@pytest.mark.parametrize("command", COMMANDS)
def test_output_where_no_file_can_be_made_is_misuse(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # /proc takes no new file, even from root (for whom os.access says it is writable)
    argv = _argv(command, tmp_path)
    assert main([*argv, "-o", "/proc/nope/x.jsonl"]) == 2
    _one_line_reason(capsys.readouterr().err, "-o /proc/nope/x.jsonl: its folder /proc/nope cannot be made")
    assert not Path("/proc/nope").exists()


@pytest.mark.usefixtures("no_crawl")
def test_read_only_folder_is_misuse(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("this user (root) writes in any folder")
        assert main(["crawl", "--demo", "-o", str(folder / "out.jsonl")]) == 2
        _one_line_reason(capsys.readouterr().err, f"cannot write in its folder {folder}")
    finally:
        folder.chmod(0o700)
    assert _files(folder) == []


@pytest.mark.usefixtures("no_crawl")
def test_crawl_output_must_be_a_regular_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # the crawl renames its snapshot over the output: over /dev/null, root would replace the device
    assert main(["crawl", "--demo", "-o", os.devnull]) == 2
    _one_line_reason(capsys.readouterr().err, f"-o {os.devnull} is not a regular file")
    # extract writes into it: /dev/null is a fine place to throw records away
    (tmp_path / "page.html").write_text(PAGE, "utf-8")
    assert main(["extract", str(tmp_path / "page.html"), "-o", os.devnull]) == 0


@pytest.mark.usefixtures("no_crawl")
def test_report_path_is_checked_too(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["crawl", "--demo", "-o", str(tmp_path / "out.jsonl"), "--report", str(tmp_path)]
    assert main(argv) == 2
    _one_line_reason(capsys.readouterr().err, f"--report {tmp_path} is a folder")
    assert _files(tmp_path) == []


def test_missing_folders_are_made(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # as the crawl's writer does: a new folder for a run's output is no misuse
    (tmp_path / "page.html").write_text(PAGE, "utf-8")
    out = tmp_path / "runs" / "today" / "out.jsonl"
    assert main(["extract", str(tmp_path / "page.html"), "-o", str(out)]) == 0
    assert "City rebuilds the bridge" in out.read_text("utf-8")
    assert capsys.readouterr().err == ""


def test_demo_crawl_into_a_folder_exits_2_without_a_traceback(tmp_path: Path) -> None:
    """The user's report, end to end: no Twisted traceback, no exit 3, no .tmp / .part files."""
    folder = tmp_path / "somefolder"
    folder.mkdir()
    cmd = [sys.executable, "-m", "newsscraper.cli", "crawl", "--demo", "-o", str(folder)]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stderr == (
        f"newsscraper crawl: -o {folder} is a folder; give a file name, e.g. {folder / 'articles.jsonl'}\n"
    )
    assert _files(tmp_path) == ["somefolder"]


@pytest.mark.usefixtures("no_crawl")
def test_state_that_is_a_file_is_misuse(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "state").write_text("", "utf-8")
    argv = ["crawl", "--demo", "-o", str(tmp_path / "out.jsonl")]
    assert main([*argv, "--state", str(tmp_path / "state")]) == 2
    _one_line_reason(capsys.readouterr().err, f"--state {tmp_path / 'state'} is a file, not a folder")
    assert main([*argv, "--state", str(tmp_path / "state" / "sub")]) == 2
    _one_line_reason(capsys.readouterr().err, "is a file, not a folder")
    assert _files(tmp_path) == ["state"]


@pytest.mark.usefixtures("no_crawl")
def test_an_output_another_run_writes_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from newsscraper.pipelines.jsonlines import AtomicJsonLines

    out = tmp_path / "out.jsonl"
    out.write_text('{"n": 0}\n')
    running = AtomicJsonLines(out)  # another crawl, writing this output
    try:
        assert main(["crawl", "--demo", "-o", str(out)]) == 2
        _one_line_reason(capsys.readouterr().err, f"-o {out} is being written by another run")
    finally:
        running.discard()
    assert out.read_text() == '{"n": 0}\n'

"""The project deploys to scrapyd: ``scrapyd-deploy --build-egg`` builds an egg that scrapyd can run."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

BUILD = "import sys; from scrapyd_client.deploy import main; sys.exit(main())"

# What scrapyd's runner does with a deployed egg: put it first on sys.path, read the settings module
# from its `scrapy` entry point, load the spiders.
RUN = """
import sys, zipfile, configparser
egg = sys.argv[1]
sys.path.insert(0, egg)
entry = configparser.ConfigParser()
entry.read_string(zipfile.ZipFile(egg).read("EGG-INFO/entry_points.txt").decode())
module = entry["scrapy"]["settings"]
import newsscraper
assert newsscraper.__file__.startswith(egg), newsscraper.__file__
from scrapy.settings import Settings
from scrapy.spiderloader import SpiderLoader
settings = Settings()
settings.setmodule(module)
print(module, sorted(SpiderLoader.from_settings(settings).list()))
"""


def test_scrapyd_deploy_builds_a_runnable_egg(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    for name in ("pyproject.toml", "README.md", "scrapy.cfg"):
        shutil.copy(ROOT / name, project / name)
    shutil.copytree(
        ROOT / "newsscraper", project / "newsscraper", ignore=shutil.ignore_patterns("__pycache__")
    )
    egg = tmp_path / "newsscraper.egg"
    subprocess.run(
        [sys.executable, "-c", BUILD, "--build-egg", str(egg)],
        cwd=project,
        check=True,
        capture_output=True,
        timeout=120,
    )
    names = zipfile.ZipFile(egg).namelist()
    assert "newsscraper/settings.py" in names
    assert "newsscraper/schema/article.schema.json" in names
    assert "newsscraper/spiders/news.py" in names
    assert not any(n.startswith(("tests/", "bench/")) for n in names)
    run = subprocess.run(
        [sys.executable, "-c", RUN, str(egg)], capture_output=True, text=True, timeout=60, check=False
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.split()[0] == "newsscraper.settings"
    assert "'news'" in run.stdout

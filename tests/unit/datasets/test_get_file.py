"""get_file: real downloads from a web server on 127.0.0.1, cached where Keras caches.

Keras' own ``keras.utils.get_file`` fetches from the same server into another cache, and
both must name and fill their caches alike. The real file is the Nietzsche text that R's
lstm_text_generation.R downloads with ``get_file('nietzsche.txt', origin=...)``.
"""

from __future__ import annotations

import hashlib
import io
import os
import tarfile
import time
import zipfile
from pathlib import Path

import keras
import pytest

from kernelkeras.datasets import ChecksumError, OfflineError, get_file
from tests.conftest import SHARED_DATA
from tests.unit.datasets.conftest import closed_port

NIETZSCHE = SHARED_DATA / "nietzsche.txt"
NIETZSCHE_SHA256 = "9cb94a5f1f8d1359e2e018fa67306eba4ae03942b8c44643eececded39e096df"


@pytest.fixture
def served(server):
    (server.folder / "nietzsche.txt").write_bytes(NIETZSCHE.read_bytes())
    return server


def test_r_example_downloads_once_and_reads_from_the_cache(served, keras_home):
    # lstm_text_generation.R: path <- get_file('nietzsche.txt', origin = '...')
    path = get_file("nietzsche.txt", origin=served.url("nietzsche.txt"))
    assert path == str(keras_home / "datasets" / "nietzsche.txt")
    assert hashlib.sha256(Path(path).read_bytes()).hexdigest() == NIETZSCHE_SHA256
    assert len(Path(path).read_text(encoding="utf-8")) == 600_893
    served.stop()
    assert (
        get_file("nietzsche.txt", origin=served.url("nietzsche.txt"), file_hash=NIETZSCHE_SHA256)
        == path
    )
    assert served.requests == ["/nietzsche.txt"]


def keras_cache(tmp_path: Path) -> Path:
    """A cache folder for Keras' get_file (it must exist, or Keras falls back to /tmp/.keras)."""
    (tmp_path / "k").mkdir(exist_ok=True)
    return tmp_path / "k"


def test_names_and_places_are_keras_own(served, tmp_path, keras_home):
    url = served.url("nietzsche.txt")
    ours = Path(get_file(origin=url, cache_subdir="texts"))
    theirs = Path(
        keras.utils.get_file(origin=url, cache_subdir="texts", cache_dir=keras_cache(tmp_path))
    )
    assert (
        ours.relative_to(keras_home)
        == theirs.relative_to(tmp_path / "k")
        == Path("texts/nietzsche.txt")
    )
    other = get_file("n.txt", url, cache_dir=tmp_path / "mine", cache_subdir=tmp_path / "abs")
    assert other == str(tmp_path / "abs" / "n.txt")  # an absolute cache_subdir, as Keras
    absolute = get_file(tmp_path / "here" / "n.txt", url)  # R: an absolute fname is the target
    assert absolute == str(tmp_path / "here" / "n.txt") and Path(absolute).is_file()


@pytest.mark.parametrize("kind", ["tar.gz", "zip"])
@pytest.mark.parametrize("fname", [None, "texts.tar.gz", "texts"])
def test_extract_like_keras(server, tmp_path, keras_home, kind, fname):
    archive = server.folder / f"bundle.{kind}"
    if kind == "zip":
        with zipfile.ZipFile(archive, "w") as z:
            z.writestr("bundle/a.txt", "alpha")
    else:
        with tarfile.open(archive, "w:gz") as tar:
            info = tarfile.TarInfo("bundle/a.txt")
            info.size = 5
            tar.addfile(info, io.BytesIO(b"alpha"))
    if fname == "texts.tar.gz" and kind == "zip":
        fname = "texts.zip"
    url = server.url(archive.name)
    ours = Path(get_file(fname, url, extract=True))
    theirs = Path(keras.utils.get_file(fname, url, extract=True, cache_dir=keras_cache(tmp_path)))
    assert ours.relative_to(keras_home) == theirs.relative_to(tmp_path / "k")
    assert (ours / "bundle" / "a.txt").read_text() == "alpha"
    assert sorted(p.name for p in ours.parent.iterdir()) == sorted(
        p.name for p in theirs.parent.iterdir()
    )


def test_hashes_sha256_and_md5(served, keras_home):
    url = served.url("nietzsche.txt")
    md5 = hashlib.md5(NIETZSCHE.read_bytes()).hexdigest()
    assert Path(get_file("a.txt", url, file_hash=NIETZSCHE_SHA256.upper())).is_file()
    assert Path(get_file("b.txt", url, file_hash=md5)).is_file()
    assert Path(get_file("c.txt", url, md5_hash=md5)).is_file()  # Keras' older argument
    assert Path(get_file("d.txt", url, file_hash=md5, hash_algorithm="md5")).is_file()


def test_a_download_with_another_hash_is_not_kept(served, keras_home):
    wrong = "0" * 64
    with pytest.raises(ChecksumError) as info:
        get_file("nietzsche.txt", served.url("nietzsche.txt"), file_hash=wrong)
    text = str(info.value)
    assert served.url("nietzsche.txt") in text and NIETZSCHE_SHA256 in text and wrong in text
    assert list((keras_home / "datasets").iterdir()) == []  # no file, no leftover part


def test_a_cached_file_with_another_hash(served, keras_home):
    url = served.url("nietzsche.txt")
    cached = keras_home / "datasets" / "nietzsche.txt"
    cached.parent.mkdir()
    cached.write_text("stale")
    path = get_file("nietzsche.txt", url, file_hash=NIETZSCHE_SHA256)  # online: fetched again
    assert hashlib.sha256(Path(path).read_bytes()).hexdigest() == NIETZSCHE_SHA256
    cached.write_text("stale")
    served.stop()
    with pytest.raises(ChecksumError, match="cannot be downloaded again now") as info:
        get_file("nietzsche.txt", url, file_hash=NIETZSCHE_SHA256)
    assert str(cached) in str(info.value)
    assert get_file("nietzsche.txt", url) == str(cached)  # no hash asked: the cached file
    assert get_file("nietzsche.txt", url, force_download=False) == str(cached)


def test_force_download(served, keras_home):
    url = served.url("nietzsche.txt")
    get_file("n.txt", url)
    get_file("n.txt", url, force_download=True)
    assert served.requests == ["/nietzsche.txt", "/nietzsche.txt"]


def test_offline_fails_at_once_with_the_url_and_the_path(keras_home):
    url = f"http://127.0.0.1:{closed_port()}/data/nietzsche.txt"
    start = time.perf_counter()
    with pytest.raises(OfflineError) as info:
        get_file("nietzsche.txt", origin=url)
    assert time.perf_counter() - start < 1.5
    assert url in str(info.value)
    assert str(keras_home / "datasets" / "nietzsche.txt") in str(info.value)


def test_offline_through_a_proxy_that_is_not_there(keras_home, offline):
    start = time.perf_counter()
    with pytest.raises(OfflineError, match="no network"):
        get_file(origin="https://s3.amazonaws.com/text-datasets/nietzsche.txt")
    assert time.perf_counter() - start < 1.5


def test_http_errors_name_the_url(server, keras_home):
    with pytest.raises(ConnectionError, match="HTTP 404") as info:
        get_file("x.txt", server.url("missing.txt"))
    assert server.url("missing.txt") in str(info.value)
    assert not (keras_home / "datasets" / "x.txt").exists()


def test_archives_that_reach_outside_are_refused(server, tmp_path, keras_home):
    with tarfile.open(server.folder / "evil.tar.gz", "w:gz") as tar:
        info = tarfile.TarInfo("../../outside.txt")
        info.size = 4
        tar.addfile(info, io.BytesIO(b"evil"))
        link = tarfile.TarInfo("link")
        link.type, link.linkname = tarfile.SYMTYPE, "/etc/passwd"
        tar.addfile(link)
    with pytest.raises(ValueError, match="could not be extracted"):
        get_file("evil", server.url("evil.tar.gz"), extract=True)
    with zipfile.ZipFile(server.folder / "evil.zip", "w") as z:
        z.writestr("../../outside.txt", "evil")
    with pytest.raises(ValueError, match="points outside"):
        get_file("evil2", server.url("evil.zip"), extract=True)
    assert not list(keras_home.rglob("outside.txt")) and not (tmp_path / "outside.txt").exists()
    assert [p.name for p in (keras_home / "datasets").iterdir() if p.name.startswith(".")] == []


def test_a_file_that_is_not_an_archive_warns(served, keras_home):
    with pytest.warns(UserWarning, match="not a tar or zip archive"):
        folder = get_file("n", served.url("nietzsche.txt"), extract=True)
    assert not os.path.exists(folder)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"fname": "x"}, ValueError, "origin= should be the URL"),
        ({"origin": "http://127.0.0.1/"}, ValueError, "cannot tell a file name"),
        (
            {"fname": "a/b.txt", "origin": "http://127.0.0.1/b"},
            ValueError,
            "a file name, not a path",
        ),
        ({"fname": "..", "origin": "http://127.0.0.1/b"}, ValueError, "a file name, not a path"),
        ({"fname": 3, "origin": "http://127.0.0.1/b"}, TypeError, "fname should be a file name"),
        ({"origin": "http://127.0.0.1/b", "file_hash": "abc"}, ValueError, "32 or 64 of them"),
        ({"origin": "http://127.0.0.1/b", "file_hash": "g" * 64}, ValueError, "hex digits"),
        (
            {"origin": "http://127.0.0.1/b", "file_hash": "a" * 32, "hash_algorithm": "sha256"},
            ValueError,
            "64 of them",
        ),
        ({"origin": "http://127.0.0.1/b", "hash_algorithm": "sha1"}, ValueError, "hash_algorithm"),
    ],
)
def test_bad_arguments_are_named(kwargs, error, message, keras_home):
    with pytest.raises(error, match=message):
        get_file(**kwargs)

"""save_text_tokenizer / load_text_tokenizer: exact round trips, Keras' JSON both ways, and
every kind of bad file refused by name, with nothing in a file run."""

from __future__ import annotations

import json
import os
import pickle

import numpy as np
import pytest

from kernelkeras.text import (
    TextTokenizer,
    _file,
    _saving,
    fit_text_tokenizer,
    load_text_tokenizer,
    save_text_tokenizer,
    sequences_to_matrix,
    text_tokenizer,
    texts_to_sequences,
)
from tests.unit.text._reference import MODES, assert_same_state, legacy_text, legacy_tokenizer

TEXTS = ["The cat sat on the mat.", "The dog sat!", "A cat, a dog; a bird?", "Ünïcode «quotes»"]


def fitted(**settings):
    tokenizer = text_tokenizer(**settings) >> fit_text_tokenizer(TEXTS)
    return tokenizer >> fit_text_tokenizer([[1, 2, 2], [0, 7]])


@pytest.mark.parametrize(
    "settings", [{}, {"num_words": 4, "oov_token": "<unk>"}, {"char_level": True, "lower": False}]
)
def test_round_trip_is_exact(tmp_path, settings):
    tokenizer = fitted(**settings)
    path = tmp_path / "tokenizer.json"
    # R: save_text_tokenizer(tokenizer, "tokenizer"); tokenizer %>% save_text_tokenizer(...)
    assert (tokenizer >> save_text_tokenizer(path)) is tokenizer
    assert os.listdir(tmp_path) == ["tokenizer.json"]  # no temporary file left
    loaded = load_text_tokenizer(str(path))
    for name in ("num_words", "filters", "lower", "split", "char_level", "oov_token"):
        assert getattr(loaded, name) == getattr(tokenizer, name)
    for name in ("word_counts", "word_docs", "word_index", "index_word", "index_docs"):
        assert list(getattr(loaded, name).items()) == list(getattr(tokenizer, name).items())
    assert loaded.document_count == tokenizer.document_count
    queries = ["the cat and the bird", "ünïcode"]
    assert texts_to_sequences(loaded, queries) == texts_to_sequences(tokenizer, queries)
    for mode in MODES:
        probe = [[1, 2, 3, 3], []]
        assert np.array_equal(
            sequences_to_matrix(loaded, probe, mode=mode),
            sequences_to_matrix(tokenizer, probe, mode=mode),
        )
    # fitting the loaded tokenizer further gives what fitting the original gives
    more = ["the zebra", "a new cat"]
    assert_same_state(loaded >> fit_text_tokenizer(more), tokenizer >> fit_text_tokenizer(more))


def test_files_go_both_ways_with_keras(tmp_path):
    ours = fitted(num_words=5, oov_token="<unk>")
    theirs = legacy_tokenizer(TEXTS, num_words=5, oov_token="<unk>")
    theirs.fit_on_sequences([[1, 2, 2], [0, 7]])
    # our file, read by Keras
    save_text_tokenizer(ours, tmp_path / "ours.json")
    from_ours = legacy_text.tokenizer_from_json((tmp_path / "ours.json").read_text())
    assert_same_state(ours, from_ours)
    # Keras' file, read by us
    (tmp_path / "theirs.json").write_text(theirs.to_json())
    from_theirs = load_text_tokenizer(tmp_path / "theirs.json")
    assert_same_state(from_theirs, theirs)
    assert from_theirs.texts_to_sequences(TEXTS) == theirs.texts_to_sequences(TEXTS)
    assert TextTokenizer.from_json(theirs.to_json()).word_index == theirs.word_index
    assert ours.get_config().keys() == theirs.get_config().keys()


def test_a_pickle_is_refused_and_never_run(tmp_path):
    """R keras' old files were pickles; loading one would run this mkdir."""
    marker = tmp_path / "ran"

    class Payload:
        def __reduce__(self):
            return (os.mkdir, (str(marker),))

    path = tmp_path / "tokenizer"
    path.write_bytes(pickle.dumps(Payload(), protocol=4))
    with pytest.raises(
        ValueError, match=r"'.*tokenizer': it is a Python pickle.*runs code.*to_json"
    ):
        load_text_tokenizer(path)
    assert not marker.exists()


def config(**changes):
    """A valid tokenizer JSON document with ``changes`` applied to its config."""
    document = json.loads(fitted(oov_token="<unk>").to_json())
    for key, value in changes.items():
        if value is KeyError:
            del document["config"][key]
        else:
            document["config"][key] = value
    return json.dumps(document)


def nested(name, edit):
    document = json.loads(config())
    inner = json.loads(document["config"][name])
    edit(inner)
    document["config"][name] = json.dumps(inner)
    return json.dumps(document)


BAD_FILES = {
    "not JSON": ("tokenizer = 1", r"it is not JSON: Expecting value \(line 1, column 1\)"),
    "cut short": (config()[:200], r"it is not JSON"),
    "a list": ("[1, 2]", r'holds a list without a "config" object.*to_json'),
    "no config": ('{"class_name": "Tokenizer"}', r'without a "config" object'),
    "another class": ('{"class_name": "Lambda", "config": {}}', r'"class_name" is \'Lambda\''),
    "unknown field": (config(analyzer="os.system"), r"fields a tokenizer does not: \['analyzer'\]"),
    "missing map": (config(word_index=KeyError), r'"config" lacks word_index'),
    "num_words text": (config(num_words="10"), r'"config.num_words" holds a string'),
    "num_words 0": (config(num_words=0), r'"config.num_words" holds the number 0'),
    "num_words bool": (config(num_words=True), r'"config.num_words" holds a boolean'),
    "lower text": (config(lower="yes"), r'"config.lower" holds a string, not true or false'),
    "empty split": (config(split=""), r'"config.split" holds a string, not a non-empty string'),
    "oov number": (config(oov_token=5), r'"config.oov_token" holds the number 5'),
    "negative documents": (config(document_count=-1), r'"config.document_count" holds the n'),
    "map not JSON": (config(word_counts="{oops"), r'"config.word_counts" is not JSON'),
    "map a list": (config(word_docs="[1]"), r'"config.word_docs" holds a list, not an object'),
    "count as text": (
        nested("word_counts", lambda m: m.update(the="3")),
        r"\"config.word_counts\"\['the'\] holds a string, not a whole number from 0",
    ),
    "count a fraction": (
        nested("word_counts", lambda m: m.update(the=1.5)),
        r"\['the'\] holds the number 1.5",
    ),
    "count infinite": (
        config(word_counts='{"the": 1e999}'),
        r"\['the'\] holds the number inf",
    ),
    "index 0": (nested("word_index", lambda m: m.update(the=0)), r"\['the'\] holds the number 0"),
    "index twice": (
        nested("word_index", lambda m: m.update(the=m["cat"])),
        r'"config.word_index" gives two words the same index',
    ),
    "index_word not reversed": (
        nested("index_word", lambda m: m.update({"1": "dog"})),
        r'"config.index_word" is not "config.word_index" reversed',
    ),
    "index key not a number": (
        nested("index_docs", lambda m: m.update(x=1)),
        r"\"config.index_docs\" has the key 'x', not a word index",
    ),
    "stray word_docs": (
        nested("word_docs", lambda m: m.update(zebra=1)),
        r"\"config.word_docs\" counts 'zebra', which \"config.word_counts\" does not",
    ),
    "oov without index": (
        config(oov_token="<other>"),
        r"the oov_token '<other>' has no index",
    ),
    "nested too deep": ("[" * 100_000 + "]" * 100_000, r"nested too deeply"),
    "huge integer": (
        config().replace('"document_count": 6', '"document_count": ' + "9" * 5000),
        r"JSON a tokenizer cannot hold \(.*digits",
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", BAD_FILES, ids=list(BAD_FILES))
def test_bad_files_are_refused_by_name(tmp_path, case):
    text, pattern = BAD_FILES[case]
    path = tmp_path / "tokenizer.json"
    path.write_text(text)
    with pytest.raises(ValueError, match=r"load_text_tokenizer\(\): '.*tokenizer.json'") as info:
        load_text_tokenizer(path)
    assert info.match(pattern), str(info.value)
    assert len(str(info.value)) < 600  # a hostile value is quoted cut, not whole


def test_files_that_are_not_tokenizers(tmp_path, monkeypatch):
    with pytest.raises(FileNotFoundError, match=r"no file at '.*missing.json'"):
        load_text_tokenizer(tmp_path / "missing.json")
    with pytest.raises(ValueError, match=r"is a folder"):
        load_text_tokenizer(tmp_path)
    (tmp_path / "empty.json").write_text("  \n")
    with pytest.raises(ValueError, match=r"is empty"):
        load_text_tokenizer(tmp_path / "empty.json")
    (tmp_path / "latin1.json").write_bytes('{"config": "caf\xe9"}'.encode("latin-1"))
    with pytest.raises(ValueError, match=r"is not text \(UTF-8\)"):
        load_text_tokenizer(tmp_path / "latin1.json")
    monkeypatch.setattr(_file, "MAX_BYTES", 100)
    monkeypatch.setattr(_saving, "MAX_BYTES", 100)
    (tmp_path / "big.json").write_text(config())
    with pytest.raises(ValueError, match=r"more than 100 bytes"):
        load_text_tokenizer(tmp_path / "big.json")
    with pytest.raises(TypeError, match=r"filename must be a str or pathlib.Path, got int"):
        load_text_tokenizer(3)


def test_saving_refuses_what_is_not_a_tokenizer_or_a_file_name(tmp_path):
    tokenizer = fitted()
    with pytest.raises(TypeError, match=r"save_text_tokenizer\(\) needs a tokenizer first"):
        save_text_tokenizer({"word_index": {}}, tmp_path / "t.json")
    with pytest.raises(IsADirectoryError, match=r"is a folder; name a file in it"):
        save_text_tokenizer(tokenizer, tmp_path)
    with pytest.raises(TypeError, match=r"filename must be a str"):
        save_text_tokenizer(tokenizer, None)
    assert os.listdir(tmp_path) == []
